/**
 * The "?" help sheet: every shortcut of the editor, in groups, in a modal dialog (Escape or
 * Close shuts it, the focus goes back where it was). SHORTCUTS is the one list of them.
 */
import { h } from '../panels/dom.js';

export const SHORTCUTS = [
  { group: 'Anywhere', keys: [
    ['Ctrl+K', 'Command palette: find any action by name'],
    ['?', 'This help'],
    ['Escape', 'Close a menu or dialog; clear the selection'],
    ['P', 'Projector mode (large type for a class)'],
  ] },
  { group: 'Editing', keys: [
    ['Ctrl+Z', 'Undo'],
    ['Ctrl+Shift+Z', 'Redo (or Ctrl+Y)'],
    ['Ctrl+C / Ctrl+V', 'Copy / paste components'],
    ['Ctrl+A', 'Select every component'],
    ['Ctrl+S', 'Save now (it saves by itself too)'],
  ] },
  { group: 'Canvas', keys: [
    ['Tab', 'Reach the canvas, then the next component or link'],
    ['← ↑ → ↓', 'The nearest component or link that way'],
    ['Enter', 'Open it: its settings (in a run: its failures)'],
    ['Delete', 'Remove the selection'],
    ['F', 'Fit the design to the screen'],
    ['+ / −', 'Zoom in / out (or the mouse wheel)'],
    ['Drag empty canvas', 'Pan · Shift+drag: box select'],
    ['Drag the blue dot', 'Connect one card to another'],
  ] },
];

/** On a Mac the modifier is ⌘. */
export function keyLabel(key, mac) { return mac ? key.replace(/Ctrl\+/g, '⌘') : key; }

export function openHelpSheet({ mac = /Mac|iPhone|iPad/.test(navigator.platform || '') } = {}) {
  document.querySelector('[data-testid=help-sheet]')?.remove();
  const back = document.activeElement;
  const close = h('button', { class: 'btn btn-primary', 'data-testid': 'help-close', text: 'Close', onclick: () => dlg.close() });
  const dlg = h('dialog', { class: 'pg-dialog help-sheet', 'data-testid': 'help-sheet', 'aria-labelledby': 'help-sheet-title' },
    h('h2', { id: 'help-sheet-title', text: 'Keyboard shortcuts' }),
    h('div', { class: 'help-groups' }, ...SHORTCUTS.map((g) => h('section', { class: 'help-group' },
      h('h3', { text: g.group }),
      h('dl', {}, ...g.keys.flatMap(([k, what]) => [h('dt', {}, h('kbd', { text: keyLabel(k, mac) })), h('dd', { text: what })]))))),
    h('p', { class: 'muted', text: 'Typing in a field is never a shortcut. A tap or Enter on a palette item adds it where it may go.' }),
    h('div', { class: 'pg-dialog-buttons' }, close));
  dlg.addEventListener('close', () => { dlg.remove(); if (back?.isConnected) back.focus?.(); });
  document.body.append(dlg);
  dlg.showModal();
  close.focus();
  return dlg;
}
