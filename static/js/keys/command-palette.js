/**
 * The command palette (Ctrl+K / ⌘K): a searchable list of what the page can do right now
 * (actions.js), keyboard only: type to filter, ↑ / ↓ to choose, Enter to do it, Escape to close.
 */
import { h, clear } from '../panels/dom.js';
import { rankActions } from './rank.js';

export function openCommandPalette(actions) {
  document.querySelector('[data-testid=command-palette]')?.remove();
  const back = document.activeElement;
  let shown = actions;
  let active = 0;
  const input = h('input', { type: 'text', class: 'cmdk-input', 'data-testid': 'command-input', placeholder: 'Type a command: run, fit, add EC2…', 'aria-label': 'Command', role: 'combobox', 'aria-expanded': 'true', 'aria-controls': 'cmdk-list', autocomplete: 'off' });
  const list = h('ul', { class: 'cmdk-list', id: 'cmdk-list', role: 'listbox', 'aria-label': 'Commands' });
  const dlg = h('dialog', { class: 'pg-dialog cmdk', 'data-testid': 'command-palette', 'aria-label': 'Command palette' }, input, list,
    h('p', { class: 'cmdk-foot muted', text: '↑ ↓ to choose · Enter to do it · Escape to close' }));
  let done = null;
  const render = () => {
    clear(list);
    if (!shown.length) list.append(h('li', { class: 'cmdk-empty muted', text: `No command matches “${input.value}”.` }));
    shown.forEach((a, i) => list.append(h('li', {
      id: `cmdk-${i}`, role: 'option', class: `cmdk-item${i === active ? ' is-active' : ''}`, 'aria-selected': String(i === active), 'data-testid': 'command-item',
      onmousedown: (e) => e.preventDefault(), onclick: () => choose(i),
    }, h('span', { text: a.title }), a.keys ? h('kbd', { text: a.keys }) : null)));
    if (shown.length) input.setAttribute('aria-activedescendant', `cmdk-${active}`); else input.removeAttribute('aria-activedescendant');
    list.children[active]?.scrollIntoView?.({ block: 'nearest' });
  };
  const choose = (i) => { done = shown[i]; dlg.close(); };
  input.addEventListener('input', () => { shown = rankActions(actions, input.value); active = 0; render(); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (shown.length) active = (active + (e.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
      render();
    } else if (e.key === 'Enter') { e.preventDefault(); if (shown[active]) choose(active); }
  });
  dlg.addEventListener('close', () => {
    dlg.remove();
    if (back?.isConnected) back.focus?.();
    if (done) done.run(); // after the dialog is gone: the action may open another one
  });
  render();
  document.body.append(dlg);
  dlg.showModal();
  input.focus();
  return dlg;
}
