/** A modal dialog built on <dialog>; resolves with the value of the button pressed (`danger`:
 * a button that destroys, drawn in red). */
import { h } from './dom.js';

export function ask({ title, body, buttons, testid = 'dialog' }) {
  return new Promise((resolve) => {
    const dlg = h('dialog', { class: 'pg-dialog', 'data-testid': testid, 'aria-labelledby': 'pg-dialog-title' },
      h('h2', { id: 'pg-dialog-title', text: title }),
      ...(Array.isArray(body) ? body : [body]).map((b) => (typeof b === 'string' ? h('p', { text: b }) : b)),
      h('div', { class: 'pg-dialog-buttons' }, ...buttons.map((b) => h('button', {
        class: `btn ${b.primary ? 'btn-primary' : ''} ${b.danger ? 'btn-destroy' : ''}`, 'data-testid': b.testid, text: b.label,
        onclick: () => { dlg.close(); dlg.remove(); resolve(b.value); },
      }))));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); });
    document.body.append(dlg);
    dlg.showModal();
  });
}
