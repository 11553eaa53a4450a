/**
 * Projector mode (issue 14): for a class watching one screen at 1280x720 or 853x480. One toggle
 * in the top bar ("Projector", key P, remembered on this browser) and `?projector=1` / `=0` in the
 * address (which wins over the stored choice; a toggle rewrites it). It puts `is-projector` on the
 * page (static/css/projector.css: palette, inspector and editing chrome hidden; during a run the
 * canvas beside a column of the key figures and the events, over a strip of charts; large type,
 * high contrast), tells the canvas to draw its live figures at a fixed on-screen size, wrapped to
 * the room each card has (overlay.js, node-figures.js, figure-wrap.js), and on every toggle and resize redraws the charts for their boxes and fits the
 * view again. A full-screen button uses the Fullscreen API and says what to press when the
 * browser refuses; leaving projector mode leaves full screen.
 */
import { STORAGE_KEY, projectorWanted, urlWith } from './projector-prefs.js';

const FULLSCREEN_REFUSED = 'The browser did not allow full screen: press F11 (on a Mac, Ctrl+Cmd+F) instead.';

/** Is `e` a key press meant for a field or a dialog rather than for the page? */
function typing(e) {
  const t = e.target;
  if (t && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName))) return true;
  return !!document.querySelector('dialog[open]');
}

function readStored() {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

function store(on) {
  try { localStorage.setItem(STORAGE_KEY, on ? '1' : '0'); } catch { /* private mode: the address still says */ }
}

export class Projector {
  /** canvas: the page's Canvas; live: its LiveRun (charts restyled); toast(text, tone). */
  constructor({ button, fullscreenButton, canvas, live, toast }) {
    Object.assign(this, { button, fullscreenButton, canvas, live, toast });
    this.on = false;
    this.refit = 0;
    button.addEventListener('click', () => this.toggle());
    fullscreenButton.addEventListener('click', () => this.toggleFullscreen());
    document.addEventListener('fullscreenchange', () => this.showFullscreen());
    document.addEventListener('keydown', (e) => {
      if (e.key.toLowerCase() !== 'p' || e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
      e.preventDefault();
      this.toggle();
    });
    window.addEventListener('resize', () => this.relayout());
    this.set(projectorWanted(location.search, readStored()), { remember: false });
    this.showFullscreen();
  }

  toggle() { this.set(!this.on, { remember: true }); }

  /** Turn the mode on or off; `remember`: a choice of the learner's (stored, and the address follows). */
  set(on, { remember }) {
    const was = this.on;
    this.on = on;
    document.body.classList.toggle('is-projector', on);
    this.canvas.projector = on;
    this.button.setAttribute('aria-pressed', String(on));
    this.button.title = on ? 'Leave projector mode (P)' : 'Projector mode: large type for a class (P)';
    this.fullscreenButton.hidden = !on;
    if (remember) {
      store(on);
      history.replaceState(history.state, '', urlWith(location.href, on));
    }
    if (!on && document.fullscreenElement) document.exitFullscreen().catch(() => {});
    if (was !== on) this.relayout();
  }

  /** After the layout changed: the charts drawn for their new boxes, the view fitted again, and
   * the live figures rewritten at their new size (a forced repaint on commit). Once a frame. */
  relayout() {
    if (this.refit) return;
    this.refit = requestAnimationFrame(() => {
      this.refit = 0;
      this.live?.charts?.restyle();
      this.canvas.fit();
      this.canvas.commitView();
    });
  }

  async toggleFullscreen() {
    if (document.fullscreenElement) { await document.exitFullscreen().catch(() => {}); return; }
    if (!document.fullscreenEnabled || !document.documentElement.requestFullscreen) { this.toast(FULLSCREEN_REFUSED, 'warn'); return; }
    try { await document.documentElement.requestFullscreen({ navigationUI: 'hide' }); } catch { this.toast(FULLSCREEN_REFUSED, 'warn'); }
  }

  showFullscreen() {
    const full = !!document.fullscreenElement;
    this.fullscreenButton.setAttribute('aria-pressed', String(full));
    const label = full ? 'Exit full screen' : 'Full screen';
    this.fullscreenButton.lastChild.textContent = label;
    this.fullscreenButton.setAttribute('aria-label', label); // its text is hidden on small screens
  }
}
