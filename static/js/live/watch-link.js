/**
 * The watch link at the top of the live panel. A run started with "Watch link" ticked shows its
 * link at once; otherwise a button asks the server for one while the run plays ("share", answered
 * "shared"). "Stop sharing" revokes the link (POST /api/live/<token>/revoke/): viewers are let go
 * and the box says the link is closed.
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

  /** watch: {token, url} from "started" or "shared"; shown once. */
  show(watch) {
    if (this.box) return;
    this.button?.remove();
    this.button = null;
    const url = new URL(watch.url, location.origin).href;
    const input = h('input', { type: 'text', readOnly: true, value: url, class: 'share-url', 'data-testid': 'watch-url', onfocus: (e) => e.target.select() });
    const stopSharing = h('button', { class: 'btn btn-small watch-stop', 'data-testid': 'stop-sharing', text: 'Stop sharing',
      title: 'Close this link: viewers are let go and it no longer opens the run or its report',
      onclick: () => this.stopSharing(watch.token, stopSharing) });
    const copy = async () => {
      input.select();
      try { await navigator.clipboard.writeText(url); this.toast('Live link copied.', 'ok'); } catch { document.execCommand('copy'); }
    };
    this.box = h('div', { class: 'watch-link' }, h('strong', { text: 'Live link: anyone with it can watch this run' }), input,
      h('button', { class: 'btn btn-small', text: 'Copy', onclick: copy }), stopSharing);
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
