/**
 * Live figures painted straight onto SVG (never through the JointJS model: FIELD-NOTES.md
 * measured 62 ms a tick through the model, 4 ms direct). Status shows as colour AND shape
 * (circle ok, triangle degraded, square down), so it reads without colour vision.
 *
 * The figures of the nodes live in an SVG layer of their own over the diagram, one group per node
 * at the node's position, following pan and zoom like the flow layer. Written inside the diagram's
 * SVG, every frame made the browser lay out, paint and raster the whole diagram again (20-30 ms a
 * frame for 200 nodes); in a layer of its own only the figures are redrawn.
 *
 * Edge traffic (width and colour by rps) is drawn in another SVG layer, under the node figures: one
 * path per busy edge on a copy of the edge's geometry (read from the link view when the view is
 * redrawn or the diagram re-synced, not every frame). The group is clipped around the node cards
 * and the edge labels, so a wide stroke never paints over a card, and stops short of the arrowhead.
 * The diagram's own edges keep their static look (solid sync, dashed async; dimmed while running,
 * by CSS) and nothing inside the diagram's SVG is written by a live frame. The strokes are dealt
 * over two such layers, restyled in turn.
 *
 * Zoomed out past LOD_VERY_FAR the node figures are not SVG at all but one canvas bitmap
 * (`drawFar`): a tinted card and a large status shape per node. The level-of-detail classes on the
 * canvas host (canvas.js) show one or the other.
 */
import { NODE_W, NODE_H, LOD_FAR, LOD_VERY_FAR } from '../model/layout.js';
import { FlowLayer } from './flow.js';
import { STATUS, statusOf, edgeStyle, bottleneck, detailLine, fmtNumber, fmtMs } from './figures.js';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_MOVING = 12;
const TEXT_EVERY_MS = 250; // numbers change at most 4 times a second: readable, and half the repaints
// Edge widths and colours follow the traffic once in this time (the moving dots keep up at 10 Hz).
// The edges are dealt over TRAFFIC_LAYERS layers restyled in turn: a restyle re-rasters the whole
// of its layer (long edges cross most tiles), so a layer holding half the strokes costs half.
const TRAFFIC_EVERY_MS = 1000;
const TRAFFIC_LAYERS = 2;
const ARROW = 12; // length of the edges' arrowhead (shapes.js): the traffic stroke stops short of it
const LABEL_W = 46; // the hole left in the traffic for an edge's "p 0.5" label, around its middle
const LABEL_H = 26;
const PAD = 40; // the clip's outer box, around the nodes (no edge leaves it)
let clipIds = 0;
const ICON_PATHS = {
  circle: 'M -9 0 a 9 9 0 1 0 18 0 a 9 9 0 1 0 -18 0 Z',
  triangle: 'M 0 -11 L 10.5 8 L -10.5 8 Z',
  square: 'M -8.5 -8.5 H 8.5 V 8.5 H -8.5 Z',
};
const GLYPHS = { circle: 'M -4 0.5 L -1.2 3.5 L 4.5 -3', triangle: 'M 0 -4.5 V 1.5 M 0 4.6 V 4.8', square: 'M -3.5 -3.5 L 3.5 3.5 M 3.5 -3.5 L -3.5 3.5' };
// The same marks as Path2D, for the far-zoom bitmap (made on first use: node --test has no Path2D).
const FAR = {
  get ring() { return this.cache('ring', () => new Path2D(roundedRect(-4, -4, NODE_W + 8, NODE_H + 8, 15))); },
  get hotRing() { return this.cache('hotRing', () => new Path2D(roundedRect(-20, -20, NODE_W + 40, NODE_H + 40, 26))); },
  get shapes() { return this.cache('shapes', () => Object.fromEntries(Object.entries(ICON_PATHS).map(([k, d]) => [k, new Path2D(d)]))); },
  get glyphs() { return this.cache('glyphs', () => Object.fromEntries(Object.entries(GLYPHS).map(([k, d]) => [k, new Path2D(d)]))); },
  cache(k, make) { this.made ??= {}; return (this.made[k] ??= make()); },
};

export class Overlay {
  constructor(canvas) {
    this.canvas = canvas;
    this.cache = new Map();
    this.edgeCache = new Map();
    this.maxDepth = 1;
    this.flow = new FlowLayer(canvas);
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('class', 'pg-live-layer');
    this.svg.setAttribute('aria-hidden', 'true');
    this.root = document.createElementNS(SVG, 'g');
    const defs = document.createElementNS(SVG, 'defs');
    const clip = document.createElementNS(SVG, 'clipPath');
    clip.id = `pg-traffic-clip-${clipIds += 1}`;
    this.clipPath = document.createElementNS(SVG, 'path');
    this.clipPath.setAttribute('clip-rule', 'evenodd');
    this.clipPath.setAttribute('shape-rendering', 'crispEdges'); // a hard clip is cheaper to raster
    clip.append(this.clipPath);
    defs.append(clip);
    // Edge traffic: a layer of its own under the node figures, so a node's changing text does not
    // raster the clipped strokes beneath it again (and the reverse).
    this.trafficLayers = Array.from({ length: TRAFFIC_LAYERS }, (_, k) => {
      const svg = document.createElementNS(SVG, 'svg');
      svg.setAttribute('class', 'pg-traffic-layer');
      svg.setAttribute('aria-hidden', 'true');
      const g = document.createElementNS(SVG, 'g');
      g.setAttribute('class', 'pg-traffic');
      g.setAttribute('clip-path', `url(#${clip.id})`); // one clip for all (ids are document-wide)
      const root = document.createElementNS(SVG, 'g'); // follows the view; the clip is inside it
      root.append(g);
      if (k === 0) svg.append(defs);
      svg.append(root);
      return { svg, root, g };
    });
    this.trafficTurn = 0;
    this.svg.append(this.root);
    this.geomDirty = true;
    canvas.syncListeners.push(() => { this.geomDirty = true; });
    for (const t of this.trafficLayers) canvas.host.insertBefore(t.svg, this.flow.svg);
    canvas.host.insertBefore(this.svg, this.flow.svg); // the moving dots stay on top
    this.farCanvas = document.createElement('canvas');
    this.farCanvas.className = 'pg-live-far';
    this.farCanvas.setAttribute('aria-hidden', 'true');
    this.farCtx = this.farCanvas.getContext('2d');
    canvas.host.insertBefore(this.farCanvas, this.flow.svg);
    canvas.panLayers.push(...this.trafficLayers.map((t) => t.svg), this.svg, this.farCanvas);
    const follow = (v) => {
      const m = `matrix(${v.s} 0 0 ${v.s} ${v.tx} ${v.ty})`;
      this.root.setAttribute('transform', m);
      for (const t of this.trafficLayers) t.root.setAttribute('transform', m);
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
    const make = (tag, attrs) => { const el = document.createElementNS(SVG, tag); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v)); return el; };
    const layer = make('g', { class: 'pg-live is-on', 'data-node': id });
    const ring = make('path', { class: 'pg-status-ring', d: roundedRect(-4, -4, NODE_W + 8, NODE_H + 8, 15) });
    // The three status marks are made once, all hidden; a status change shows one (the visibility
    // attribute of two small groups: no new geometry to lay out) and recolours the ring and icon
    // (not a class or custom property on the whole group, which restyled all its children).
    const icon = make('g', { class: 'pg-status-icon', transform: `translate(${NODE_W - 2}, 2)` });
    const marks = {};
    for (const [name, d] of Object.entries(ICON_PATHS)) {
      marks[name] = make('g', { visibility: 'hidden' });
      marks[name].append(make('path', { class: 'pg-status-shape', d }), make('path', { class: 'pg-status-glyph', d: GLYPHS[name] }));
      icon.append(marks[name]);
    }
    const text = make('text', { class: 'pg-live-text', x: 0, y: NODE_H + 20 });
    const text2 = make('text', { class: 'pg-live-text2', x: 0, y: NODE_H + 38 });
    const bar = { x: 8, y: NODE_H - 9, height: 5, rx: 2.5 };
    const barBg = make('rect', { class: 'pg-bar-bg', ...bar, width: NODE_W - 16 });
    const barFg = make('rect', { class: 'pg-bar', ...bar });
    const pips = make('g', { class: 'pg-pips', transform: 'translate(10, -13)' });
    layer.append(ring, icon, text, text2, barBg, barFg, pips);
    this.root.append(layer);
    els = { view, layer, ring, icon, marks, text, text2, barBg, bar: barFg, pips, pipEls: [], more: null, last: {} };
    this.cache.set(id, els);
    return els;
  }

  /**
   * Paint a frame onto the nodes and edges. Only what changed is written, and only on nodes that
   * are on screen: at 100% zoom a 200-node design shows a tenth of its nodes, and rewriting the
   * text of all of them cost about 20 ms of SVG text layout. Text too small to be drawn at this
   * zoom (the level of detail in canvas.js) is not written either.
   */
  apply(frame, { selectedEdges = new Set(), dark = new Set(), force = false } = {}) {
    this.last = { frame, opts: { selectedEdges, dark } };
    const nodes = frame.nodes || {};
    const now = performance.now();
    const texts = force || !this.lastText || now - this.lastText >= TEXT_EVERY_MS;
    if (texts) this.lastText = now;
    // Which traffic layer is restyled in this frame: all when forced, else one in turn.
    let restyle = null;
    if (force || !this.lastEdges) { restyle = 'all'; this.lastEdges = now; } else if (now - this.lastEdges >= TRAFFIC_EVERY_MS / TRAFFIC_LAYERS) {
      restyle = this.trafficTurn;
      this.trafficTurn = (this.trafficTurn + 1) % TRAFFIC_LAYERS;
      this.lastEdges = now;
    }
    const s = this.canvas.view.s;
    const far = (this.canvas.committed || this.canvas.view).s < LOD_VERY_FAR; // as .lod-very-far
    const showLine = s >= LOD_VERY_FAR; // see .lod-very-far and .lod-far in app.css
    const showDetail = s >= LOD_FAR;
    const vis = this.visibleRect(); // read before any write: no forced layout
    const hot = bottleneck(nodes);
    const design = this.canvas.editor.design;
    if (this.design !== design) { // another design was loaded (watch-along): drop figures of nodes gone
      const ids = new Set(design.nodes.map((n) => n.id));
      for (const [id, els] of this.cache) if (!ids.has(id)) { els.layer.remove(); this.cache.delete(id); }
      this.design = design;
    }
    this.markBottleneck(hot, vis);
    const marks = [];
    for (const n of design.nodes) {
      const fig = nodes[n.id];
      let status = statusOf(fig);
      if (dark.has(n.placement?.az) || dark.has(n.placement?.region)) status = fig ? status : 'down';
      const depth = typeof fig?.depth === 'number' ? fig.depth : null;
      if (depth !== null) this.maxDepth = Math.max(this.maxDepth, depth);
      if (far) { // the SVG figures are hidden: only the bitmap is drawn (see drawFar)
        const p = this.canvas.graph.getCell(n.id)?.position();
        if (p && p.x <= vis.x1 && p.y <= vis.y1 && p.x >= vis.x0 && p.y >= vis.y0) marks.push({ x: p.x, y: p.y, status, bar: depth === null ? null : this.barWidth(depth), hot: hot === n.id });
        continue;
      }
      const els = this.nodeEls(n.id);
      if (!els) continue;
      const p = els.view.model.position();
      if (els.x !== p.x || els.y !== p.y) { els.layer.setAttribute('transform', `translate(${p.x}, ${p.y})`); els.x = p.x; els.y = p.y; }
      if (p.x > vis.x1 || p.y > vis.y1 || p.x < vis.x0 || p.y < vis.y0) continue;
      if (els.last.hot !== (hot === n.id)) { els.last.hot = hot === n.id; els.layer.classList.toggle('is-bottleneck', els.last.hot); }
      if (els.last.status !== status) paintStatus(els, status);
      const line = fig ? `${fmtNumber(fig.rps, fig.rps < 10 ? 1 : 0)} rps${typeof fig.p99_ms === 'number' && fig.p99_ms > 0 ? ` · p99 ${fmtMs(fig.p99_ms)}` : ''}${typeof fig.utilization === 'number' ? ` · ${Math.round(fig.utilization * 100)}% busy` : ''}` : (status === 'down' ? 'dark' : '');
      if (texts && showLine && els.last.line !== line) { els.text.textContent = line; els.last.line = line; }
      const detail = hot === n.id ? 'BOTTLENECK: the busiest part' : detailLine(fig);
      if (texts && showDetail && els.last.detail !== detail) { els.text2.textContent = detail; els.last.detail = detail; }
      const inst = fig?.instances;
      const pipKey = inst ? `${inst.in_service || 0}/${inst.pending || 0}/${inst.unhealthy || 0}` : '';
      if (showLine && els.last.pips !== pipKey) { drawPips(els, inst); els.last.pips = pipKey; } // under 1 px when zoomed far out
      if (depth !== null) {
        const w = this.barWidth(depth);
        if (force || els.last.bar === undefined || Math.abs(w - els.last.bar) * s >= 0.5) { els.bar.setAttribute('width', w.toFixed(1)); els.last.bar = w; }
        if (els.last.depth === null || els.last.depth === undefined) { els.barBg.style.display = ''; els.bar.style.display = ''; }
      } else if (els.last.depth !== null) {
        els.barBg.style.display = 'none';
        els.bar.style.display = 'none';
      }
      els.last.depth = depth;
    }
    if (far) this.drawFar(marks, vis);
    if (this.geomDirty) this.readGeometry();
    this.paintEdges(frame.edges || {}, selectedEdges, vis, force, restyle);
    this.paintPlaces(dark);
  }

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

  /**
   * Zoomed far out, the nodes' figures are one bitmap: each card tinted in its status colour,
   * outlined thickly, the status shape drawn large in its middle (circle, triangle, square: it reads
   * without colour vision), a queue's depth as a thick bar under it, and the bottleneck ringed in
   * dashed orange (the diagram's own dashed outline is under the thick status outline). A few hundred SVG elements
   * restyled, laid out, painted and rastered cost 12-15 ms a live frame for 200 nodes at fit; a
   * canvas redrawn whole costs well under one and is composited as it is. Drawn at the committed
   * view and moved by the pan's CSS transform like the SVG layers.
   */
  drawFar(marks, vis) {
    const c = this.farCanvas;
    const dpr = window.devicePixelRatio || 1;
    const W = Math.round(vis.w * dpr);
    const H = Math.round(vis.h * dpr);
    if (c.width !== W || c.height !== H) { c.width = W; c.height = H; }
    const ctx = this.farCtx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const v = this.canvas.committed || this.canvas.view;
    ctx.setTransform(dpr * v.s, 0, 0, dpr * v.s, dpr * v.tx, dpr * v.ty);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const m of marks) {
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
  }

  /**
   * The edges' geometry, copied from the link views: the path of each edge, that path shortened
   * by the arrowhead for the traffic stroke, and the clip that keeps traffic off the node cards
   * and the labels. Read when the diagram was redrawn (a pan or zoom ends) or re-synced; reading a
   * `d` attribute causes no layout.
   */
  readGeometry() {
    this.geomDirty = false;
    const design = this.canvas.editor.design;
    const holes = [];
    let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
    for (const n of design.nodes) {
      const p = this.canvas.graph.getCell(n.id)?.position();
      if (!p) continue;
      holes.push(`M ${p.x} ${p.y} h ${NODE_W} v ${NODE_H} h ${-NODE_W} Z`); // rectangles: a rounded clip rasters as a mask
      x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x + NODE_W); y1 = Math.max(y1, p.y + NODE_H);
    }
    if (holes.length) holes.unshift(`M ${x0 - PAD} ${y0 - PAD} H ${x1 + PAD} V ${y1 + PAD} H ${x0 - PAD} Z`); // edges run between nodes
    const live = new Set();
    for (const e of design.edges) {
      live.add(e.id);
      const view = this.canvas.edgeViewOf(e.id);
      if (!view) { this.dropEdge(e.id); continue; }
      let els = this.edgeCache.get(e.id);
      if (!els || els.view !== view) {
        if (els?.path) els.path.remove();
        els = { view, line: view.findNode('line'), path: null, last: {} };
        this.edgeCache.set(e.id, els);
      }
      const d = els.line.getAttribute('d') || '';
      const geom = trafficGeometry(d);
      els.d = d;
      els.trafficD = geom?.d || '';
      els.async = e.props?.mode === 'async';
      const p = e.props?.p;
      if (geom && p !== undefined && p !== null && p < 1) { // labels sit in the middle of the edge
        const m = geom.mid;
        holes.push(`M ${m.x - LABEL_W / 2} ${m.y - LABEL_H / 2} h ${LABEL_W} v ${LABEL_H} h ${-LABEL_W} Z`);
      }
      if (els.path) {
        if (els.path.getAttribute('d') !== els.trafficD) els.path.setAttribute('d', els.trafficD);
        const cls = els.async ? 'pg-traffic-edge is-async' : 'pg-traffic-edge';
        if (els.path.getAttribute('class') !== cls) els.path.setAttribute('class', cls);
      }
    }
    for (const id of [...this.edgeCache.keys()]) if (!live.has(id)) this.dropEdge(id);
    const clip = holes.join(' ');
    if (this.clipPath.getAttribute('d') !== clip) this.clipPath.setAttribute('d', clip);
  }

  dropEdge(id) {
    const els = this.edgeCache.get(id);
    if (els?.path) els.path.remove();
    this.edgeCache.delete(id);
  }

  /**
   * Edges show volume by width and colour, drawn in the traffic group of this layer (never inside
   * the diagram's SVG). A width is rewritten only when it moves by half a screen pixel or more
   * (zoomed far out, small changes cannot be seen, and each rewrite costs style, paint and
   * raster); a forced paint writes exact widths. Edges with both ends off screen are left until
   * they come into view. An idle edge has no traffic stroke: the diagram's own edge shows.
   * Restyled at most every TRAFFIC_EVERY_MS.
   */
  paintEdges(edges, selected, vis, force, restyle = 'all') {
    const max = Math.max(1, ...Object.values(edges).map((e) => e.rps || 0));
    // Moving dashes cost real time under software rendering (FIELD-NOTES.md): only the busiest
    // few edges and the selected ones move; volume shows as width and colour everywhere.
    const busiest = new Set(Object.entries(edges).filter(([, v]) => v.rps > 0).sort((a, b) => b[1].rps - a[1].rps).slice(0, MAX_MOVING).map(([id]) => id));
    const flows = [];
    const s = this.canvas.view.s;
    const graph = this.canvas.graph;
    const list = this.canvas.editor.design.edges;
    for (let j = 0; j < list.length; j += 1) {
      const e = list[j];
      const els = this.edgeCache.get(e.id);
      if (!els) continue;
      const style = edgeStyle(edges[e.id]?.rps, max);
      const moving = (style.busy && busiest.has(e.id)) || selected.has(e.id);
      if (moving) flows.push({ id: e.id, d: els.d, width: style.width, async: els.async });
      const layer = j % TRAFFIC_LAYERS;
      if (restyle === null || (restyle !== 'all' && restyle !== layer)) continue;
      const a = graph.getCell(e.from)?.position();
      const b = graph.getCell(e.to)?.position();
      if (a && b && (Math.min(a.x, b.x) > vis.x1 || Math.max(a.x, b.x) < vis.x0 || Math.min(a.y, b.y) > vis.y1 || Math.max(a.y, b.y) < vis.y0)) continue;
      const last = els.last;
      const idle = !edges[e.id]?.rps || !els.trafficD;
      if (idle) {
        if (els.path && !last.hidden) { els.path.style.display = 'none'; last.hidden = true; }
        continue;
      }
      if (!els.path) {
        els.path = document.createElementNS(SVG, 'path');
        els.path.setAttribute('class', els.async ? 'pg-traffic-edge is-async' : 'pg-traffic-edge');
        els.path.setAttribute('d', els.trafficD);
        els.path.dataset.edge = e.id;
        this.trafficLayers[layer].g.append(els.path);
      } else if (last.hidden) { els.path.style.display = ''; last.hidden = false; }
      if (last.colour !== style.colour) { els.path.setAttribute('stroke', style.colour); last.colour = style.colour; }
      if (last.width === undefined || (force ? last.width !== style.width : Math.abs(style.width - last.width) * s >= 0.5)) {
        els.path.setAttribute('stroke-width', String(style.width));
        last.width = style.width;
      }
    }
    this.flow.set(flows);
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
    this.farCtx.setTransform(1, 0, 0, 1, 0, 0);
    this.farCtx.clearRect(0, 0, this.farCanvas.width, this.farCanvas.height);
    this.cache.clear();
    for (const id of [...this.edgeCache.keys()]) this.dropEdge(id);
    this.geomDirty = true;
    this.flow.clear();
    this.paintPlaces(new Set());
    this.maxDepth = 1;
  }
}

/** A node's status as colour and shape together (circle ok, triangle degraded, square down), and
 * its figures' text in red while it is down. `data-status` names it for tests and tools. */
function paintStatus(els, status) {
  const st = STATUS[status];
  const was = els.last.status;
  els.last.status = status;
  els.layer.dataset.status = status;
  els.ring.style.color = st.colour;
  els.icon.style.color = st.colour;
  const before = STATUS[was]?.shape;
  if (before !== st.shape) {
    if (before) els.marks[before].setAttribute('visibility', 'hidden');
    els.marks[st.shape].setAttribute('visibility', 'visible');
  }
  if ((was === 'down') !== (status === 'down')) {
    const fill = status === 'down' ? '#991b1b' : '';
    els.text.style.fill = fill;
    els.text2.style.fill = fill;
  }
}

/** One mark per instance: filled green square in service, hollow amber square pending (booting),
 * red cross unhealthy. Shape tells them apart without colour. Marks are reused: only those whose
 * kind changed are rewritten, and only the difference in count is added or removed. */
const PIP = {
  in: (x) => ({ d: `M ${x} 0 h 8 v 8 h -8 Z`, fill: '#15803d', stroke: 'none', 'stroke-width': '0' }),
  pending: (x) => ({ d: `M ${x + 1} 1 h 6 v 6 h -6 Z`, fill: '#fff', stroke: '#b45309', 'stroke-width': '2' }),
  bad: (x) => ({ d: `M ${x} 0 l 8 8 M ${x + 8} 0 l -8 8`, fill: 'none', stroke: '#b91c1c', 'stroke-width': '2.5' }),
};

function drawPips(els, inst) {
  const marks = inst ? [...Array(inst.in_service || 0).fill('in'), ...Array(inst.pending || 0).fill('pending'), ...Array(inst.unhealthy || 0).fill('bad')] : [];
  const shown = marks.slice(0, 14);
  const list = els.pipEls;
  shown.forEach((m, i) => {
    let mark = list[i];
    if (!mark) { mark = { el: document.createElementNS(SVG, 'path'), kind: null }; els.pips.insertBefore(mark.el, els.more); list.push(mark); }
    if (mark.kind === m) return;
    mark.kind = m;
    for (const [k, v] of Object.entries(PIP[m](i * 11))) mark.el.setAttribute(k, v);
  });
  while (list.length > shown.length) list.pop().el.remove();
  if (marks.length > shown.length) {
    if (!els.more) { els.more = document.createElementNS(SVG, 'text'); els.more.setAttribute('class', 'pg-pips-more'); els.more.setAttribute('y', '8'); els.pips.append(els.more); }
    els.more.setAttribute('x', String(shown.length * 11 + 2));
    els.more.textContent = `+${marks.length - shown.length}`;
  } else if (els.more) { els.more.remove(); els.more = null; }
}

/**
 * The traffic stroke of an edge path: the same path stopped ARROW short of its end (the arrowhead
 * of the diagram's edge stays visible), and the middle of the path (where a label sits). Edges are
 * straight or polylines ("M x y L x y ..."; the rounded connector adds curves only at vertices,
 * which the editor does not make): the points are read in order and the curve handles treated
 * as points, close enough for a label hole.
 */
export function trafficGeometry(d) {
  const nums = (d.match(/-?\d*\.?\d+(?:e[-+]?\d+)?/gi) || []).map(Number);
  if (nums.length < 4 || nums.length % 2) return null;
  const pts = [];
  for (let i = 0; i < nums.length; i += 2) pts.push({ x: nums[i], y: nums[i + 1] });
  const seg = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i].x, p.y - pts[i].y));
  const total = seg.reduce((t, l) => t + l, 0);
  if (total <= ARROW + 1) return null;
  const at = (len) => {
    let rest = len;
    for (let i = 0; i < seg.length; i += 1) {
      if (rest <= seg[i] || i === seg.length - 1) {
        const f = seg[i] ? Math.min(1, rest / seg[i]) : 0;
        return { i, x: pts[i].x + (pts[i + 1].x - pts[i].x) * f, y: pts[i].y + (pts[i + 1].y - pts[i].y) * f };
      }
      rest -= seg[i];
    }
    return { i: seg.length - 1, ...pts[pts.length - 1] };
  };
  const end = at(total - ARROW);
  const kept = [...pts.slice(0, end.i + 1), end];
  const r = (v) => Math.round(v * 10) / 10;
  return { d: `M ${kept.map((p) => `${r(p.x)} ${r(p.y)}`).join(' L ')}`, mid: at(total / 2) };
}

function roundedRect(x, y, w, h, r) {
  return `M ${x + r} ${y} H ${x + w - r} A ${r} ${r} 0 0 1 ${x + w} ${y + r} V ${y + h - r} A ${r} ${r} 0 0 1 ${x + w - r} ${y + h} H ${x + r} A ${r} ${r} 0 0 1 ${x} ${y + h - r} V ${y + r} A ${r} ${r} 0 0 1 ${x + r} ${y} Z`;
}
