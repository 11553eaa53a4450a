/**
 * The canvas from the keyboard: Tab reaches it (its focus ring shows), then Tab / Shift+Tab and
 * the arrow keys move between the nodes and the connections (the one reached is selected, and
 * said aloud through a status line), Enter opens it (the inspector's first field while editing;
 * its fault menu during a run), Delete removes it (keyboard.js), Escape lets go (keyboard.js).
 * Past the last one Tab leaves the canvas, as it does anywhere else.
 */
import { navTargets, stepTarget, nearestTarget } from './nav.js';
import { nodeRect } from '../model/layout.js';
import { h } from '../panels/dom.js';

export function bindCanvasKeys(editor, canvas) {
  const host = canvas.host;
  host.tabIndex = 0;
  host.setAttribute('aria-label', 'Design canvas: Tab or the arrow keys move between components and connections, Enter opens one, Delete removes it');
  const said = h('span', { class: 'sr-only', role: 'status', 'data-testid': 'canvas-focus' });
  host.after(said);

  const current = () => {
    const s = editor.selection;
    if (s.nodes.length) return { type: 'node', id: s.nodes[0] };
    if (s.edges.length) return { type: 'edge', id: s.edges[0] };
    return null;
  };
  const reach = (t) => {
    editor.select(t.type === 'node' ? { nodes: [t.id] } : { edges: [t.id] });
    said.textContent = describe(editor, t);
  };
  // The ring on the one reached shows while the keyboard drives (a mouse click takes it away).
  host.addEventListener('keyup', (e) => { if (e.key === 'Tab' && e.target === host) host.classList.add('kbd-focus'); });
  host.addEventListener('blur', () => host.classList.remove('kbd-focus'));
  host.addEventListener('pointerdown', () => host.classList.remove('kbd-focus'));
  host.addEventListener('keydown', (e) => {
    if (e.target !== host || e.ctrlKey || e.metaKey || e.altKey) return;
    host.classList.add('kbd-focus');
    const targets = navTargets(editor.design, canvas.layout);
    if (e.key === 'Tab') {
      const next = stepTarget(targets, current(), e.shiftKey ? -1 : 1);
      if (!next) { editor.clearSelection(); return; } // the focus moves on, out of the canvas
      e.preventDefault();
      reach(next);
    } else if (e.key.startsWith('Arrow')) {
      e.preventDefault();
      const next = nearestTarget(targets, current(), e.key);
      if (next) reach(next);
    } else if (e.key === 'Enter') {
      const t = current();
      if (!t) return;
      e.preventDefault();
      open(editor, canvas, t);
    }
  });
}

function describe(editor, t) {
  const design = editor.design;
  if (t.type === 'node') {
    const n = design.nodes.find((x) => x.id === t.id);
    if (!n) return '';
    const kind = editor.catalogue.label(n.kind);
    return n.label && n.label !== kind ? `${n.label}, ${kind}` : n.label || `${n.id}, ${kind}`;
  }
  const e = design.edges.find((x) => x.id === t.id);
  const name = (id) => design.nodes.find((x) => x.id === id)?.label || id;
  return e ? `Connection from ${name(e.from)} to ${name(e.to)}` : '';
}

/** Enter: while editing, the inspector's first field; during a run, what a click would open. */
function open(editor, canvas, t) {
  if (canvas.mode === 'run') {
    if (t.type === 'edge') { canvas.onEdgeClick?.(t.id); return; }
    const node = editor.design.nodes.find((n) => n.id === t.id);
    if (!node || !canvas.onNodeClick) return;
    const r = nodeRect(canvas.layout, node);
    const p = canvas.paper.localToClientPoint(r.x + r.w / 2, r.y + r.h / 2);
    canvas.onNodeClick(t.id, { clientX: p.x, clientY: p.y });
    return;
  }
  const field = document.querySelector('#inspector input:not([readonly]):not([disabled]), #inspector select:not([disabled])')
    || document.querySelector('#inspector input, #inspector select');
  field?.focus();
}
