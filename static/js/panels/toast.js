/** Toasts: short messages (why a drop or a connection was refused, saved, copied). */
import { h } from './dom.js';

export function mountToasts(editor) {
  const host = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite', 'data-testid': 'toasts' });
  document.body.append(host);
  const show = (message, kind = 'info') => {
    const icon = { warn: '⚠', error: '✕', ok: '✓', info: 'ℹ' }[kind] || 'ℹ';
    const t = h('div', { class: `toast toast-${kind}`, 'data-testid': 'toast' }, h('span', { class: 'toast-icon', 'aria-hidden': 'true', text: icon }), h('span', { text: message }));
    host.append(t);
    while (host.children.length > 4) host.firstChild.remove();
    setTimeout(() => { t.classList.add('leaving'); setTimeout(() => t.remove(), 300); }, kind === 'warn' || kind === 'error' ? 6000 : 3000);
  };
  editor.signals.toast.add(show);
  return show;
}
