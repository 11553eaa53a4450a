/**
 * Moving traffic on the busiest edges, drawn in a separate, composited SVG laid over the canvas.
 * Animating dashes inside the diagram's own SVG repaints the whole diagram ten times a second
 * (bench_canvas: 200 nodes went from 17 to 68 ms a frame); in a layer of its own only the few
 * moving paths repaint. The paths copy the edges' geometry and follow the canvas's pan and zoom.
 */
const SVG = 'http://www.w3.org/2000/svg';

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
  }

  clear() { this.set([]); }
}
