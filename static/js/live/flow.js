/**
 * Moving traffic on the busiest edges, drawn in a separate, composited SVG laid over the canvas.
 * Animating dashes inside the diagram's own SVG repaints the whole diagram ten times a second
 * (bench_canvas: 200 nodes went from 17 to 68 ms a frame); in a layer of its own only the few
 * moving paths repaint. The paths copy the edges' geometry and follow the canvas's pan and zoom.
 *
 * The dots step once for each live frame, half-way to the next one, not at the display's 60 Hz: a
 * CSS animation re-rastered the moving paths every display frame (about 4 ms of raster a frame at
 * 100% zoom on a 200-node design, most of a live frame's cost), and a step in the same display
 * frame as a live update made that frame the slowest. One inherited dash offset on the group moves
 * all of them; they stop when the run pauses, and nothing moves for a learner who asked the
 * system for reduced motion.
 */
const SVG = 'http://www.w3.org/2000/svg';
const STEP_AFTER_MS = 50; // live frames come every 100 ms
const SPEED = 0.02; // px of dash offset a millisecond (20 px/s, as the CSS animation was)
const PERIOD = 3381; // a common multiple of both dash patterns (16.1 and 21): the offset wraps there

export class FlowLayer {
  constructor(canvas) {
    this.canvas = canvas;
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('class', 'pg-flow-layer');
    this.svg.setAttribute('aria-hidden', 'true');
    this.g = document.createElementNS(SVG, 'g');
    this.svg.append(this.g);
    canvas.host.append(this.svg);
    this.paths = new Map();
    this.tick = null;
    this.still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    canvas.panLayers.push(this.svg); // a pan moves it with the diagram; a redraw re-aims it
    canvas.commitListeners.push((v) => this.follow(v));
    this.follow(canvas.committed || canvas.view);
  }

  follow(v) { this.g.setAttribute('transform', `matrix(${v.s} 0 0 ${v.s} ${v.tx} ${v.ty})`); }

  /** flows: [{id, d, width, async}] — everything else stops moving. */
  set(flows) {
    const keep = new Set();
    for (const f of flows) {
      if (!f.d) continue;
      keep.add(f.id);
      let p = this.paths.get(f.id);
      if (!p) { p = document.createElementNS(SVG, 'path'); this.g.append(p); this.paths.set(f.id, p); p.dataset.edge = f.id; }
      if (p.getAttribute('d') !== f.d) p.setAttribute('d', f.d);
      const cls = f.async ? 'pg-flow is-async' : 'pg-flow';
      if (p.getAttribute('class') !== cls) p.setAttribute('class', cls);
      const w = String(Math.max(2.5, f.width * 0.45));
      if (p.getAttribute('stroke-width') !== w) p.setAttribute('stroke-width', w);
    }
    for (const [id, p] of this.paths) if (!keep.has(id)) { p.remove(); this.paths.delete(id); }
    if (this.paths.size && !this.still) {
      clearTimeout(this.tick);
      this.tick = setTimeout(() => this.step(), STEP_AFTER_MS);
    }
  }

  step() {
    this.tick = null;
    if (this.paths.size) this.g.style.strokeDashoffset = String(-((performance.now() * SPEED) % PERIOD).toFixed(1));
  }

  clear() { this.set([]); }
}
