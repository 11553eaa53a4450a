/**
 * Live figures painted straight onto SVG (never through the JointJS model: FIELD-NOTES.md
 * measured 62 ms a tick through the model, 4 ms direct), in layers of their own over the diagram
 * that follow its pan and zoom:
 * - edge traffic, width and colour by rps (traffic-layer.js), under
 * - the node figures: one group per node at the node's position (node-figures.js). Written inside
 *   the diagram's SVG, every frame made the browser lay out, paint and raster the whole diagram
 *   again (20-30 ms a frame for 200 nodes); in a layer of its own only the figures are redrawn.
 *   Zoomed out past LOD_VERY_FAR they are one canvas bitmap instead (far-figures.js); the
 *   level-of-detail classes on the canvas host (canvas/viewport.js) show one or the other.
 * - an Auto Scaling group's instances as chips in the AZ columns they run in (az-instances.js);
 * - the moving dots on the busiest edges, on top (flow.js).
 * AZs and Regions that are down are marked `is-dark` on the diagram's own containers.
 */
import { NODE_W, NODE_H, LOD_FAR, LOD_VERY_FAR } from '../model/layout.js';
import { FlowLayer } from './flow.js';
import { TrafficLayers, LAYERS } from './traffic-layer.js';
import { FarFigures } from './far-figures.js';
import { AzInstances } from './az-instances.js';
import { makeNodeFigures, paintNodeFigures } from './node-figures.js';
import { statusOf, bottleneck } from './figures.js';
import { figurePx, figureRooms, wrapNode } from './figure-wrap.js';

const FIGURE_PX = 14; // .pg-live-text's font-size out of projector mode (app.css), in diagram units

const SVG = 'http://www.w3.org/2000/svg';
const TEXT_EVERY_MS = 250; // numbers change at most 4 times a second: readable, and half the repaints
// Edge widths and colours follow the traffic once in this time (the moving dots keep up at 10 Hz).
const TRAFFIC_EVERY_MS = 1000;

export class Overlay {
  constructor(canvas) {
    this.canvas = canvas;
    this.cache = new Map(); // node id -> its figures' elements
    this.maxDepth = 1;
    this.flow = new FlowLayer(canvas);
    this.traffic = new TrafficLayers();
    this.trafficTurn = 0;
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('class', 'pg-live-layer');
    this.svg.setAttribute('aria-hidden', 'true');
    this.root = document.createElementNS(SVG, 'g');
    this.svg.append(this.root);
    this.far = new FarFigures();
    this.azInstances = new AzInstances(this.root);
    this.geomDirty = true;
    canvas.syncListeners.push(() => { this.geomDirty = true; this.roomsDirty = true; });
    const host = canvas.host;
    for (const svg of this.traffic.svgs) host.insertBefore(svg, this.flow.svg);
    host.insertBefore(this.svg, this.flow.svg); // the moving dots stay on top
    host.insertBefore(this.far.el, this.flow.svg);
    canvas.panLayers.push(...this.traffic.svgs, this.svg, this.far.el);
    const follow = (v) => {
      const m = `matrix(${v.s} 0 0 ${v.s} ${v.tx} ${v.ty})`;
      this.root.setAttribute('transform', m);
      // The scale, for figures drawn at a fixed size on screen whatever the zoom (projector.css);
      // on this layer, so a change restyles the figures only, not the whole diagram.
      this.svg.style.setProperty('--pg-s', String(v.s));
      this.traffic.follow(m);
    };
    canvas.commitListeners.push(follow);
    follow(canvas.committed || canvas.view);
    // Off-screen nodes are not painted; when a pan or zoom ends, the last frame is painted again
    // for what came into view.
    canvas.commitListeners.push(() => { this.geomDirty = true; if (this.last) this.apply(this.last.frame, { ...this.last.opts, force: true }); });
  }

  /** The part of the diagram on screen (diagram units), with a margin for the text under a node. */
  visibleRect() {
    const { s, tx, ty } = this.canvas.view;
    const w = this.canvas.host.clientWidth;
    const h = this.canvas.host.clientHeight;
    const m = 24 / s;
    return { x0: -tx / s - NODE_W - m, y0: -ty / s - NODE_H - m, x1: (w - tx) / s + m, y1: (h - ty) / s + m, w, h };
  }

  /** Elements of one node's live figures, made once (again if the diagram redrew the node). */
  nodeEls(id) {
    let els = this.cache.get(id);
    const view = this.canvas.viewOf(id);
    if (els && els.view === view) return els;
    if (els) els.layer.remove();
    if (!view) { this.cache.delete(id); return null; }
    els = makeNodeFigures(id, view);
    this.root.append(els.layer);
    this.cache.set(id, els);
    return els;
  }

  /**
   * Paint a frame onto the nodes and edges. Only what changed is written, and only on nodes that
   * are on screen: at 100% zoom a 200-node design shows a tenth of its nodes, and rewriting the
   * text of all of them cost about 20 ms of SVG text layout. Text too small to be drawn at this
   * zoom (the level of detail) is not written either.
   */
  apply(frame, { selectedEdges = new Set(), dark = new Set(), force = false } = {}) {
    this.last = { frame, opts: { selectedEdges, dark } };
    const now = performance.now();
    const texts = force || !this.lastText || now - this.lastText >= TEXT_EVERY_MS;
    if (texts) this.lastText = now;
    const restyle = this.trafficRestyle(now, force);
    const vis = this.visibleRect(); // read before any write: no forced layout
    const design = this.canvas.editor.design;
    if (this.design !== design) { // another design was loaded (watch-along): drop figures of nodes gone
      const ids = new Set(design.nodes.map((n) => n.id));
      for (const [id, els] of this.cache) if (!ids.has(id)) { els.layer.remove(); this.cache.delete(id); }
      this.design = design;
    }
    const hot = bottleneck(frame.nodes || {});
    this.markBottleneck(hot, vis);
    this.paintNodes(frame.nodes || {}, { dark, hot, vis, texts, force });
    if (texts) this.azInstances.paint(design, frame.nodes || {}, this.canvas.layout);
    if (this.geomDirty) { this.geomDirty = false; this.traffic.readGeometry(this.canvas); }
    this.flow.set(this.traffic.paint(this.canvas, frame.edges || {}, { selected: selectedEdges, vis, force, restyle }));
    this.paintPlaces(dark);
  }

  /** Which traffic layer is restyled in this frame: all when forced, else one in turn, or none. */
  trafficRestyle(now, force) {
    if (force || !this.lastEdges) { this.lastEdges = now; return 'all'; }
    if (now - this.lastEdges < TRAFFIC_EVERY_MS / LAYERS) return null;
    const turn = this.trafficTurn;
    this.trafficTurn = (turn + 1) % LAYERS;
    this.lastEdges = now;
    return turn;
  }

  paintNodes(nodes, { dark, hot, vis, texts, force }) {
    const s = this.canvas.view.s;
    // In projector mode the text is drawn 20 px high on screen whatever the zoom (projector.css),
    // so its lines are the short ones (node-figures.js) and the level of detail does not apply.
    const compact = !!this.canvas.projector;
    const far = !compact && (this.canvas.committed || this.canvas.view).s < LOD_VERY_FAR; // as .lod-very-far
    const look = { texts, force, s, compact, showLine: compact || s >= LOD_VERY_FAR, showDetail: compact || s >= LOD_FAR }; // see .lod-* in app.css
    const rooms = look.showLine ? this.figureRooms(s, compact) : null; // lines within the room before the next card
    const inView = (p) => p.x <= vis.x1 && p.y <= vis.y1 && p.x >= vis.x0 && p.y >= vis.y0;
    const marks = [];
    for (const n of this.canvas.editor.design.nodes) {
      const fig = nodes[n.id];
      let status = statusOf(fig);
      if (dark.has(n.placement?.az) || dark.has(n.placement?.region)) status = fig ? status : 'down';
      const depth = typeof fig?.depth === 'number' ? fig.depth : null;
      if (depth !== null) this.maxDepth = Math.max(this.maxDepth, depth);
      const barWidth = depth === null ? null : this.barWidth(depth);
      if (far) { // the SVG figures are hidden: only the bitmap is drawn
        const p = this.canvas.graph.getCell(n.id)?.position();
        if (p && inView(p)) marks.push({ x: p.x, y: p.y, status, bar: barWidth, hot: hot === n.id });
        continue;
      }
      const els = this.nodeEls(n.id);
      if (!els) continue;
      const p = els.view.model.position();
      if (els.x !== p.x || els.y !== p.y) { els.layer.setAttribute('transform', `translate(${p.x}, ${p.y})`); els.x = p.x; els.y = p.y; }
      const wrap = rooms ? this.wrapper(rooms.get(n.id)) : undefined;
      if (inView(p)) paintNodeFigures(els, fig, { ...look, status, hot: hot === n.id, depth, barWidth, wrap });
    }
    if (far) this.drawFar(marks, vis);
  }

  /** Each node's room on screen for its figure lines (figure-wrap.js), worked out again when the
   * view, the canvas's size or the diagram changed. The figures are --pg-fig-px on screen in
   * projector mode, FIGURE_PX diagram units (so FIGURE_PX x the scale on screen) otherwise: a line
   * such as "0/4 targets healthy · 4 stopped" must not run into the next card's figures. */
  figureRooms(s, compact) {
    const { tx, ty } = this.canvas.view;
    const size = { width: this.canvas.host.clientWidth, height: this.canvas.host.clientHeight };
    const key = `${compact}:${s}:${tx}:${ty}:${size.width}:${size.height}`;
    if (this.rooms && this.roomsKey === key && !this.roomsDirty) return this.rooms;
    const px = compact ? figurePx(this.svg) : FIGURE_PX * s;
    const cards = this.canvas.editor.design.nodes.map((n) => ({ id: n.id, ...(this.canvas.graph.getCell(n.id)?.position() || { x: 0, y: 0 }) }));
    this.rooms = figureRooms(cards, { s, tx, ty }, size, px);
    this.roomsKey = key;
    this.roomsDirty = false;
    const font = getComputedStyle(this.svg).fontFamily;
    this.fonts = [`${px}px ${font}`, `700 ${px}px ${font}`];
    return this.rooms;
  }

  /** (line, detail) => their lines within `room`, measured in the figures' fonts on a 2D canvas. */
  wrapper(room) {
    if (!room) return undefined;
    this.ctx2d ||= document.createElement('canvas').getContext('2d');
    const measure = (font) => (text) => { this.ctx2d.font = font; return this.ctx2d.measureText(text).width * 1.02 + 2; };
    return (line, detail) => wrapNode(line, detail, room, measure(this.fonts[0]), measure(this.fonts[1]));
  }

  /** The far-zoom bitmap of `marks` ({x, y, status, bar, hot}), at the committed view. */
  drawFar(marks, vis) { this.far.draw(marks, vis, this.canvas.committed || this.canvas.view); }

  /** A queue's depth bar: log scale against the deepest queue seen in this run. */
  barWidth(depth) { return Math.max(0, (NODE_W - 16) * Math.log10(1 + depth) / Math.log10(1 + this.maxDepth)); }

  /** The bottleneck's card in the diagram gets a dashed outline (the diagram may have redrawn it). */
  markBottleneck(hot, vis) {
    const v = hot ? this.canvas.viewOf(hot) : null;
    const p = v?.model.position();
    const onScreen = p && p.x <= vis.x1 && p.y <= vis.y1 && p.x >= vis.x0 && p.y >= vis.y0;
    const marked = onScreen ? hot : null; // off screen: marked when a pan brings it in (a forced repaint)
    if (this.hot && this.hot !== marked) this.canvas.viewOf(this.hot)?.el.classList.remove('is-bottleneck');
    if (marked && !v.el.classList.contains('is-bottleneck')) v.el.classList.add('is-bottleneck');
    this.hot = marked;
  }

  paintPlaces(dark) {
    for (const r of this.canvas.editor.design.regions) {
      const rv = this.canvas.containerViewOf('region', r.id);
      if (rv) rv.el.classList.toggle('is-dark', dark.has(r.id));
      for (const az of r.azs) {
        const v = this.canvas.containerViewOf('az', az);
        if (v) v.el.classList.toggle('is-dark', dark.has(az) || dark.has(r.id));
      }
    }
  }

  clear() {
    this.last = null;
    for (const els of this.cache.values()) els.layer.remove();
    this.markBottleneck(null, null);
    this.far.clear();
    this.azInstances.clear();
    this.cache.clear();
    this.traffic.clear();
    this.geomDirty = true;
    this.flow.clear();
    this.paintPlaces(new Set());
    this.maxDepth = 1;
  }
}
