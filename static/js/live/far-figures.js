/**
 * Zoomed far out (past LOD_VERY_FAR), the nodes' figures are one bitmap: each card tinted in its
 * status colour, outlined thickly, the status shape drawn large in its middle (circle, triangle,
 * square: it reads without colour vision), a queue's depth as a thick bar under it, and the
 * bottleneck ringed in dashed orange (the diagram's own dashed outline is under the thick status
 * outline). A few hundred SVG elements restyled, laid out, painted and rastered cost 12-15 ms a
 * live frame for 200 nodes at fit; a canvas redrawn whole costs well under one and is composited
 * as it is. Drawn at the committed view and moved by the pan's CSS transform like the SVG layers.
 */
import { NODE_W, NODE_H } from '../model/layout.js';
import { STATUS } from './figures.js';
import { ICON_PATHS, GLYPHS, roundedRect } from './node-figures.js';

// The marks as Path2D (made on first use: node --test has no Path2D).
const FAR = {
  get ring() { return this.cache('ring', () => new Path2D(roundedRect(-4, -4, NODE_W + 8, NODE_H + 8, 15))); },
  get hotRing() { return this.cache('hotRing', () => new Path2D(roundedRect(-20, -20, NODE_W + 40, NODE_H + 40, 26))); },
  get shapes() { return this.cache('shapes', () => Object.fromEntries(Object.entries(ICON_PATHS).map(([k, d]) => [k, new Path2D(d)]))); },
  get glyphs() { return this.cache('glyphs', () => Object.fromEntries(Object.entries(GLYPHS).map(([k, d]) => [k, new Path2D(d)]))); },
  cache(k, make) { this.made ??= {}; return (this.made[k] ??= make()); },
};

export class FarFigures {
  constructor() {
    this.el = document.createElement('canvas');
    this.el.className = 'pg-live-far';
    this.el.setAttribute('aria-hidden', 'true');
    this.ctx = this.el.getContext('2d');
  }

  /** marks: [{x, y, status, bar (px or null), hot}]; size: {w, h} of the host; v: the committed view. */
  draw(marks, size, v) {
    const c = this.el;
    const dpr = window.devicePixelRatio || 1;
    const W = Math.round(size.w * dpr);
    const H = Math.round(size.h * dpr);
    if (c.width !== W || c.height !== H) { c.width = W; c.height = H; }
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, W, H);
    ctx.setTransform(dpr * v.s, 0, 0, dpr * v.s, dpr * v.tx, dpr * v.ty);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const m of marks) drawMark(ctx, m);
    if (c.dataset.scale !== String(v.s)) c.dataset.scale = String(v.s); // the scale it shows (for tests)
  }

  clear() {
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.clearRect(0, 0, this.el.width, this.el.height);
  }
}

function drawMark(ctx, m) {
  const st = STATUS[m.status];
  ctx.save();
  ctx.translate(m.x, m.y);
  if (m.hot) { // the bottleneck: a dashed orange ring outside the status outline
    ctx.setLineDash([18, 10]);
    ctx.strokeStyle = '#ea580c';
    ctx.lineWidth = 10;
    ctx.stroke(FAR.hotRing);
    ctx.setLineDash([]);
  }
  ctx.fillStyle = st.colour;
  ctx.strokeStyle = st.colour;
  ctx.globalAlpha = 0.22;
  ctx.fill(FAR.ring);
  ctx.globalAlpha = 1;
  ctx.lineWidth = 12;
  ctx.stroke(FAR.ring);
  if (m.bar !== null) {
    ctx.fillStyle = '#e2e8f0';
    ctx.fillRect(8, 50, NODE_W - 16, 10);
    ctx.fillStyle = '#be185d';
    ctx.fillRect(8, 50, m.bar, 10);
    ctx.fillStyle = st.colour;
  }
  ctx.translate(88, 27);
  ctx.scale(2, 2);
  ctx.fill(FAR.shapes[st.shape]);
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 2.6;
  ctx.stroke(FAR.glyphs[st.shape]);
  ctx.restore();
}
