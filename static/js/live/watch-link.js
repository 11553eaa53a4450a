/**
 * The watch link at the top of the live panel. A run started with "Watch link" ticked shows its
 * link at once; otherwise a button asks the server for one while the run plays ("share", answered
 * "shared"). The link shown is the short one (`/w/<code>/`), with its code to read out and a QR
 * code (an SVG the server draws: /live/<token>/qr.svg) to project. "Stop sharing" revokes the
 * link (POST /api/live/<token>/revoke/): viewers are let go and the box says the link is closed.
 */
import { h, clear } from '../panels/dom.js';
import { request } from '../api.js';

export class WatchLinkBox {
  /** panel: the live panel (the box goes first in it); askForLink(): sends "share". */
  constructor(panel, { toast, askForLink }) {
    Object.assign(this, { panel, toast, askForLink });
    this.box = null;
    this.button = null;
  }

  /** Forgot to tick "Watch link" before Run: the class can still be let in while it plays. */
  offer() {
    if (this.box) return;
    this.button = h('button', { class: 'btn btn-block', 'data-testid': 'share-live-now', text: 'Get a watch link for this run',
      title: 'Anyone with the link can watch the run from now on',
      onclick: () => { this.button.disabled = true; this.askForLink(); } });
    this.panel.insertBefore(this.button, this.panel.firstChild);
  }

  /** A link to a run that is over lets nobody in: the offer goes when the run does. */
  setLive(live) { if (this.button) this.button.hidden = !live; }

  /** watch: {token, url, code?, short_url?, qr?} from "started" or "shared"; shown once. The
   * short link (`/w/<code>/`) is the one shown and copied; its QR code opens in a dialog. */
  show(watch) {
    if (this.box) return;
    this.button?.remove();
    this.button = null;
    const url = new URL(watch.short_url || watch.url, location.origin).href;
    const input = h('input', { type: 'text', readOnly: true, value: url, class: 'share-url', 'data-testid': 'watch-url', 'aria-label': 'Watch link', onfocus: (e) => e.target.select() });
    const stopSharing = h('button', { class: 'btn btn-small watch-stop', 'data-testid': 'stop-sharing', text: 'Stop sharing',
      title: 'Close this link: viewers are let go and it no longer opens the run or its report',
      onclick: () => this.stopSharing(watch.token, stopSharing) });
    const copy = async () => {
      input.select();
      try { await navigator.clipboard.writeText(url); this.toast('Live link copied.', 'ok'); } catch { document.execCommand('copy'); }
    };
    const code = watch.code ? h('span', { class: 'watch-code', 'data-testid': 'watch-code', title: 'The short code of the link: it is the end of the short link', text: `Code ${watch.code}` }) : null;
    const qr = watch.qr ? h('button', { class: 'btn btn-small', 'data-testid': 'show-qr', text: 'QR code', title: 'Show a QR code of the link, to project for the class', onclick: () => showQr(watch, url) }) : null;
    this.box = h('div', { class: 'watch-link' }, h('strong', { text: 'Live link: anyone with it can watch this run' }), input,
      h('button', { class: 'btn btn-small', text: 'Copy', onclick: copy }),
      h('div', { class: 'watch-link-row' }, code, qr, stopSharing));
    this.panel.insertBefore(this.box, this.panel.firstChild);
  }

  async stopSharing(token, button) {
    button.disabled = true;
    try {
      await request('POST', `/api/live/${encodeURIComponent(token)}/revoke/`);
    } catch (err) {
      button.disabled = false;
      this.toast(`Could not stop sharing: ${err.message} Try again.`, 'error');
      return;
    }
    clear(this.box).classList.add('is-closed');
    this.box.dataset.testid = 'watch-closed';
    this.box.append(h('strong', { text: 'Sharing stopped: the live link no longer opens this run or its report.' }));
    this.toast('Sharing stopped. Viewers were let go.', 'ok');
  }
}

/** The QR code of the short link, large enough to scan off a projector, with the code beside it. */
function showQr(watch, url) {
  const dlg = h('dialog', { class: 'pg-dialog qr-dialog', 'data-testid': 'qr-dialog' },
    h('h2', { text: 'Scan to watch this run' }),
    h('img', { class: 'qr-image', src: watch.qr, alt: `QR code of ${url}`, width: 320, height: 320, 'data-testid': 'qr-image' }),
    h('p', { class: 'qr-url', text: url }),
    watch.code ? h('p', { class: 'qr-code', text: `Code ${watch.code}` }) : null,
    h('div', { class: 'pg-dialog-buttons' },
      h('button', { class: 'btn btn-primary', text: 'Done', 'data-testid': 'qr-done', onclick: () => { dlg.close(); dlg.remove(); } })));
  dlg.addEventListener('close', () => dlg.remove());
  document.body.append(dlg);
  dlg.showModal();
}
