/**
 * What a viewer of a watch link (/live/<token>/) sees besides the run itself: a status line that
 * says what the run is doing (live at its speed, paused by its owner, over) and a banner when the
 * link stops opening while the page is open (revoked, or expired: `expires` from the server),
 * after which "Fork this design" is refused too. The faults the owner injects reach the viewer
 * in the frames' events (run.js, figures.js injectedFaults).
 */
import { h } from '../panels/dom.js';

const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout's longest wait (about 24 days)
const EXPIRED = 'This watch link has expired: a run can be watched until a day after it ends. Ask whoever shared it for a new run\'s link.';

export class WatchView {
  /** banner: the page's banner element; fork: the "Fork this design" button (or null). */
  constructor({ banner, fork }) {
    Object.assign(this, { banner, fork });
    this.status = h('p', { class: 'watch-status', 'data-testid': 'watch-status', role: 'status', text: 'Joining the run…' });
    this.timer = null;
    this.closed = false;
  }

  /** The status line for the run's state and its latest frame's speed. */
  show(state, frame) {
    const speed = frame?.speed === 'max' ? 'max speed' : frame?.speed ? `${frame.speed}×` : '';
    const text = {
      starting: 'Joining the run…',
      running: `Watching live${speed ? ` · ${speed}` : ''}`,
      paused: 'Paused: the run\'s owner paused it. It carries on when they resume.',
      ended: 'The run is over.',
    }[state];
    if (!text || this.closed) return; // once the link is closed, the status says that
    this.status.textContent = text;
    this.status.dataset.state = state;
  }

  /** The link stops opening at `iso` (from "watching" or "end"): say so on the page then. */
  expiresAt(iso) {
    clearTimeout(this.timer);
    const at = Date.parse(iso || '');
    if (!Number.isFinite(at)) return;
    this.timer = setTimeout(() => this.gone(EXPIRED), Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now())));
  }

  /** The link no longer opens (revoked, expired, or a fork refused for it): a banner that stays. */
  gone(message) {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.status.textContent = 'Not watching any more: this link no longer opens.';
    this.status.dataset.state = 'ended';
    this.banner.replaceChildren(h('strong', { text: 'This watch link no longer opens. ' }), h('span', { text: message }), ' ', h('a', { href: '/', text: 'Go to the scenario gallery' }));
    this.banner.hidden = false;
    this.banner.setAttribute('role', 'alert');
    this.banner.dataset.testid = 'watch-gone-banner';
    if (this.fork) { this.fork.disabled = true; this.fork.title = 'The watch link no longer opens, so its design cannot be forked.'; }
  }
}
