/**
 * The palette, generated from the catalogue: grouped by category, searchable, each item a
 * drawn icon and a name. Drag an item onto the canvas (mouse, pen or touch: pointer events),
 * or tap / press Enter to add it at a free spot where it may go. While an item is dragged, the
 * canvas marks the containers that take it and dims those that refuse it.
 */
import { h, clear } from './dom.js';

export function mountPalette(host, editor, canvas, icons) {
  const search = h('input', { type: 'search', class: 'palette-search', placeholder: 'Search components…', 'aria-label': 'Search components', 'data-testid': 'palette-search' });
  const list = h('div', { class: 'palette-list' });
  host.append(h('div', { class: 'panel-title', text: 'Components' }), search, list);

  const render = () => {
    clear(list);
    const q = search.value.trim();
    const matches = new Set(editor.catalogue.search(q).map((k) => k.kind));
    for (const cat of editor.catalogue.categories()) {
      const kinds = cat.kinds.filter((k) => matches.has(k.kind));
      if (!kinds.length) continue;
      list.append(h('div', { class: 'palette-cat', text: cat.name }));
      for (const k of kinds) {
        const item = h('button', {
          class: 'palette-item', 'data-testid': `palette-${k.kind}`, 'data-kind': k.kind, type: 'button',
          title: `${k.description || k.label} (${k.scope})`,
        }, h('img', { src: icons[k.kind] || icons.generic, alt: '', draggable: 'false', width: 36, height: 36 }),
        h('span', { class: 'palette-text' }, h('span', { class: 'palette-label', text: k.label }), h('span', { class: 'palette-scope', text: scopeWords(k.scope) })));
        bindDrag(item, k.kind, canvas);
        list.append(item);
      }
    }
    if (!list.children.length) list.append(h('p', { class: 'muted', text: `Nothing matches “${q}”.` }));
  };
  search.addEventListener('input', render);
  render();
  return { render, setEnabled: (on) => host.classList.toggle('is-disabled', !on) };
}

const scopeWords = (scope) => ({ global: 'global · outside Regions', regional: 'regional · in a Region', zonal: 'zonal · in one AZ' }[scope] || scope);

function bindDrag(item, kind, canvas) {
  item.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    const start = { x: e.clientX, y: e.clientY };
    let ghost = null;
    const move = (ev) => {
      if (!ghost && Math.hypot(ev.clientX - start.x, ev.clientY - start.y) > 6) {
        ghost = item.cloneNode(true);
        ghost.classList.add('palette-ghost');
        ghost.removeAttribute('data-testid');
        document.body.append(ghost);
        document.body.classList.add('is-dragging');
        canvas.dragKindStart(kind);
      }
      if (ghost) {
        ghost.style.transform = `translate(${ev.clientX - 40}px, ${ev.clientY - 24}px)`;
        canvas.dragKindOver(ev.clientX, ev.clientY);
      }
    };
    const up = (ev) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      document.body.classList.remove('is-dragging');
      if (ghost) {
        ghost.remove();
        canvas.dragKindEnd();
        const r = canvas.host.getBoundingClientRect();
        if (ev.clientX >= r.left && ev.clientX <= r.right && ev.clientY >= r.top && ev.clientY <= r.bottom) canvas.dropKind(kind, ev.clientX, ev.clientY);
      } else if (ev.type === 'pointerup') {
        canvas.addKind(kind);
      }
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
  });
  item.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); canvas.addKind(kind); } });
}
