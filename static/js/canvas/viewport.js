/**
 * The view onto the diagram: a scale and a translation (`view`: {s, tx, ty}), set by pan, zoom and
 * fit. Panning moves composited layers by a CSS transform: the browser shifts pixels it has
 * already drawn and repaints nothing (a redraw of the SVG cost 20-40 ms of raster a frame on
 * software rendering). The SVG itself is redrawn at the new view (`commitView`) when the pan
 * stops, or at once when the scale changes. `committed` is the view the SVG is drawn at.
 */
import { LOD_FAR, LOD_VERY_FAR } from '../model/layout.js';

/** Zoom limits: far enough out for any design's fit (a 200-node design fits at about 0.09). */
const MIN_SCALE = 0.05;
const MAX_SCALE = 2.5;
export function clampScale(s) { return Math.min(MAX_SCALE, Math.max(MIN_SCALE, s)); }

const GRID_PX = 16; // the dot grid's pitch at 100%
const GRID_PAD = 48; // the grid layer reaches this far past each side, so a pan never shows its edge
const FIT_PAD = 48;
const COMMIT_AFTER_MS = 150;

export class Viewport {
  /** host: the canvas element; grid: the dot-grid layer; paper: the JointJS paper; layers: moved while panning. */
  constructor({ host, grid, paper, layers }) {
    Object.assign(this, { host, grid, paper });
    this.view = { s: 1, tx: 0, ty: 0 };
    this.committed = null;
    this.panLayers = [...layers]; // the live layers join
    this.commitListeners = []; // (view) => ..., when the diagram itself is redrawn at a new view
    this.gesture = false;
    this.commitTimer = null;
    this.fitted = null; // the view the last fit set
  }

  setView(s, tx, ty) {
    this.view = { s, tx, ty };
    const c = this.committed;
    if (c && c.s === s) {
      const dx = tx - c.tx;
      const dy = ty - c.ty;
      const move = `translate(${dx}px, ${dy}px)`;
      for (const el of this.panLayers) el.style.transform = move;
      const g = GRID_PX * s;
      this.grid.style.transform = `translate(${dx % g}px, ${dy % g}px)`;
      clearTimeout(this.commitTimer);
      if (!this.gesture) this.commitTimer = setTimeout(() => this.commitView(), COMMIT_AFTER_MS);
    } else this.commitView();
  }

  /** Draw the diagram at the current view and drop the pan's CSS transforms, in one frame. */
  commitView() {
    clearTimeout(this.commitTimer);
    this.commitTimer = null;
    const { s, tx, ty } = this.view;
    this.committed = { s, tx, ty };
    this.paper.matrix({ a: s, b: 0, c: 0, d: s, e: tx, f: ty });
    for (const el of this.panLayers) el.style.transform = '';
    // Level of detail: text too small to read is not drawn (it is most of the cost of a repaint).
    this.host.classList.toggle('lod-far', s < LOD_FAR);
    this.host.classList.toggle('lod-very-far', s < LOD_VERY_FAR);
    const g = GRID_PX * s;
    this.grid.style.transform = '';
    this.grid.style.backgroundSize = `${g}px ${g}px`;
    this.grid.style.backgroundPosition = `${(tx + GRID_PAD) % g}px ${(ty + GRID_PAD) % g}px`;
    for (const fn of this.commitListeners) fn(this.committed);
  }

  /** Redraw now if a pan is still shown by transform (before mapping client points to the diagram). */
  settle() { if (this.commitTimer) this.commitView(); }

  /** A drag or pinch is under way: keep panning by transform until `endGesture`. */
  beginGesture() { this.gesture = true; clearTimeout(this.commitTimer); }

  endGesture() { this.gesture = false; this.commitView(); }

  /** Zoom to `scale` keeping the diagram point under the client point where it is. */
  zoomAt(scale, clientX, clientY) {
    const s = clampScale(scale);
    const rect = this.host.getBoundingClientRect();
    const px = clientX - rect.left;
    const py = clientY - rect.top;
    const lx = (px - this.view.tx) / this.view.s;
    const ly = (py - this.view.ty) / this.view.s;
    this.setView(s, px - lx * s, py - ly * s);
  }

  zoomBy(factor) {
    const rect = this.host.getBoundingClientRect();
    this.zoomAt(this.view.s * factor, rect.left + rect.width / 2, rect.top + rect.height / 2);
  }

  /** Show the diagram's bounds `b` ({x, y, w, h}) whole, centred, at most at 125%; `below` px at
   * the bottom and whatever a floating panel covers on the right are left free, `pad` px round it. */
  fit(b, below = 0, pad = FIT_PAD) {
    const rect = this.host.getBoundingClientRect();
    if (!rect.width || !rect.height) return;
    const h = rect.height - below;
    const w = rect.width - coveredRight(rect);
    const s = this.fitScale(b, below, pad, rect);
    this.setView(s, (w - b.w * s) / 2 - b.x * s, (h - b.h * s) / 2 - b.y * s);
    this.fitted = { ...this.view };
  }

  /** Whether the view is still the last fit's (nobody has panned or zoomed since). */
  isFitted() {
    const f = this.fitted;
    return !!f && f.s === this.view.s && f.tx === this.view.tx && f.ty === this.view.ty;
  }

  /** Whether the diagram rectangle `r` is wholly on screen, `pad` px in from the edges. */
  shows(r, pad = 0) {
    const rect = this.host.getBoundingClientRect();
    const { s, tx, ty } = this.view;
    const w = rect.width - coveredRight(rect);
    return r.x * s + tx >= pad && (r.x + r.w) * s + tx <= w - pad && r.y * s + ty >= pad && (r.y + r.h) * s + ty <= rect.height - pad;
  }

  /** Pan (by as little as it takes) so the diagram rectangle `r` is on screen with `pad` px round
   * it, clear of a floating panel on the right; a rectangle larger than the screen is centred. */
  reveal(r, pad = REVEAL_PAD) {
    const rect = this.host.getBoundingClientRect();
    if (!rect.width || !rect.height) return;
    const { s, tx, ty } = this.view;
    const w = rect.width - coveredRight(rect);
    const shift = (lo, hi, size) => {
      if (hi - lo > size - 2 * pad) return size / 2 - (lo + hi) / 2;
      if (lo < pad) return pad - lo;
      if (hi > size - pad) return size - pad - hi;
      return 0;
    };
    const dx = shift(r.x * s + tx, (r.x + r.w) * s + tx, w);
    const dy = shift(r.y * s + ty, (r.y + r.h) * s + ty, rect.height);
    if (dx || dy) this.setView(s, tx + dx, ty + dy);
  }

  /** The scale `fit` would show the bounds `b` at (0 when the canvas has no size). */
  fitScale(b, below = 0, pad = FIT_PAD, rect = this.host.getBoundingClientRect()) {
    if (!rect.width || !rect.height) return 0;
    const w = rect.width - coveredRight(rect);
    return Math.min(1.25, (w - 2 * pad) / b.w, (rect.height - below - 2 * pad) / b.h);
  }
}

const REVEAL_PAD = 56; // room for a card's live figures and the zoom buttons round a revealed card

/** How much of the canvas's right side a panel lying over it hides (narrow screens: the
 * inspector and the live panel float over the canvas instead of taking a column). */
function coveredRight(rect) {
  const panel = document.querySelector('.rightpanel');
  if (!panel || panel.hidden || getComputedStyle(panel).position !== 'fixed') return 0;
  const r = panel.getBoundingClientRect();
  return r.width && r.left < rect.right ? Math.min(rect.width / 2, rect.right - r.left) : 0;
}
