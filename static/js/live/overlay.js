/**
 * Live figures painted straight onto SVG (never through the JointJS model: FIELD-NOTES.md
 * measured 62 ms a tick through the model, 4 ms direct). Status shows as colour AND shape
 * (circle ok, triangle degraded, square down), so it reads without colour vision.
 *
 * The figures of the nodes live in an SVG layer of their own over the diagram, one group per node
 * at the node's position, following pan and zoom like the flow layer. Written inside the diagram's
 * SVG, every frame made the browser lay out, paint and raster the whole diagram again (20-30 ms a
 * frame for 200 nodes); in a layer of its own only the figures are redrawn.
 */
import { NODE_W, NODE_H } from '../model/layout.js';
import { FlowLayer } from './flow.js';
import { STATUS, statusOf, edgeStyle, bottleneck, detailLine, fmtNumber, fmtMs } from './figures.js';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_MOVING = 12;
const TEXT_EVERY_MS = 250; // numbers change at most 4 times a second: readable, and half the repaints
// Edge widths and colours are drawn inside the diagram's SVG: any change there costs a layout,
// paint and raster of the whole diagram (about 30-40 ms for 200 nodes on software rendering).
// So they follow the traffic once a second; the moving dots and the node figures keep up at 10 Hz.
const EDGES_EVERY_MS = 1000;
const ICON_PATHS = {
  circle: 'M -9 0 a 9 9 0 1 0 18 0 a 9 9 0 1 0 -18 0 Z',
  triangle: 'M 0 -11 L 10.5 8 L -10.5 8 Z',
  square: 'M -8.5 -8.5 H 8.5 V 8.5 H -8.5 Z',
};
const GLYPHS = { circle: 'M -4 0.5 L -1.2 3.5 L 4.5 -3', triangle: 'M 0 -4.5 V 1.5 M 0 4.6 V 4.8', square: 'M -3.5 -3.5 L 3.5 3.5 M 3.5 -3.5 L -3.5 3.5' };

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
    this.svg.append(this.root);
    canvas.host.insertBefore(this.svg, this.flow.svg); // the moving dots stay on top
    canvas.panLayers.push(this.svg);
    const follow = (v) => this.root.setAttribute('transform', `matrix(${v.s} 0 0 ${v.s} ${v.tx} ${v.ty})`);
    canvas.commitListeners.push(follow);
    follow(canvas.committed || canvas.view);
    // Off-screen nodes are not painted; when a pan or zoom ends, the last frame is painted again
    // for what came into view.
    canvas.commitListeners.push(() => { if (this.last) this.apply(this.last.frame, { ...this.last.opts, force: true }); });
  }

  /** The part of the diagram on screen (diagram units), with a margin for the text under a node. */
  visibleRect() {
    const { s, tx, ty } = this.canvas.view;
    const w = this.canvas.host.clientWidth;
    const h = this.canvas.host.clientHeight;
    const m = 24 / s;
    return { x0: -tx / s - NODE_W - m, y0: -ty / s - NODE_H - m, x1: (w - tx) / s + m, y1: (h - ty) / s + m };
  }

  /** Elements of one node's live figures, made once (again if the diagram redrew the node). */
  nodeEls(id) {
    let els = this.cache.get(id);
    const view = this.canvas.viewOf(id);
    if (els && els.view === view) return els;
    if (els) els.layer.remove();
    if (!view) { this.cache.delete(id); return null; }
    const make = (tag, attrs) => { const el = document.createElementNS(SVG, tag); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v)); return el; };
    const layer = make('g', { class: 'pg-live', 'data-node': id });
    const ring = make('path', { class: 'pg-status-ring', d: roundedRect(-4, -4, NODE_W + 8, NODE_H + 8, 15) });
    const icon = make('g', { class: 'pg-status-icon', transform: `translate(${NODE_W - 2}, 2)` });
    // All three status shapes are drawn once; the status class shows one (CSS visibility) and the
    // colour comes from --st: a status change restyles, it does not re-lay out new geometry.
    for (const [name, d] of Object.entries(ICON_PATHS)) {
      icon.append(make('path', { class: `pg-si pg-si-${name} pg-status-shape`, d }), make('path', { class: `pg-si pg-si-${name} pg-status-glyph`, d: GLYPHS[name] }));
    }
    const text = make('text', { class: 'pg-live-text', x: 0, y: NODE_H + 20 });
    const text2 = make('text', { class: 'pg-live-text2', x: 0, y: NODE_H + 38 });
    const bar = { x: 8, y: NODE_H - 9, height: 5, rx: 2.5 };
    const barBg = make('rect', { class: 'pg-bar-bg', ...bar, width: NODE_W - 16 });
    const barFg = make('rect', { class: 'pg-bar', ...bar });
    const pips = make('g', { class: 'pg-pips', transform: 'translate(10, -13)' });
    layer.append(ring, icon, text, text2, barBg, barFg, pips);
    this.root.append(layer);
    els = { view, layer, ring, text, text2, barBg, bar: barFg, pips, pipEls: [], more: null, last: {} };
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
    const restyle = force || !this.lastEdges || now - this.lastEdges >= EDGES_EVERY_MS;
    if (restyle) this.lastEdges = now;
    const s = this.canvas.view.s;
    const showLine = s >= 0.3; // see .lod-very-far and .lod-far in app.css
    const showDetail = s >= 0.45;
    const vis = this.visibleRect(); // read before any write: no forced layout
    const hot = bottleneck(nodes);
    const design = this.canvas.editor.design;
    if (this.design !== design) { // another design was loaded (watch-along): drop figures of nodes gone
      const ids = new Set(design.nodes.map((n) => n.id));
      for (const [id, els] of this.cache) if (!ids.has(id)) { els.layer.remove(); this.cache.delete(id); }
      this.design = design;
    }
    for (const n of design.nodes) {
      const els = this.nodeEls(n.id);
      if (!els) continue;
      const p = els.view.model.position();
      if (els.x !== p.x || els.y !== p.y) { els.layer.setAttribute('transform', `translate(${p.x}, ${p.y})`); els.x = p.x; els.y = p.y; }
      if (p.x > vis.x1 || p.y > vis.y1 || p.x < vis.x0 || p.y < vis.y0) continue;
      const fig = nodes[n.id];
      let status = statusOf(fig);
      if (dark.has(n.placement?.az) || dark.has(n.placement?.region)) status = fig ? status : 'down';
      const st = STATUS[status];
      const cls = `pg-live is-on status-${status} shape-${st.shape}${hot === n.id ? ' is-bottleneck' : ''}`;
      if (els.last.cls !== cls) { els.layer.setAttribute('class', cls); els.view.el.classList.toggle('is-bottleneck', hot === n.id); els.last.cls = cls; }
      if (els.last.status !== status) { els.layer.style.setProperty('--st', st.colour); els.last.status = status; }
      const line = fig ? `${fmtNumber(fig.rps, fig.rps < 10 ? 1 : 0)} rps${typeof fig.p99_ms === 'number' && fig.p99_ms > 0 ? ` · p99 ${fmtMs(fig.p99_ms)}` : ''}${typeof fig.utilization === 'number' ? ` · ${Math.round(fig.utilization * 100)}% busy` : ''}` : (status === 'down' ? 'dark' : '');
      if (texts && showLine && els.last.line !== line) { els.text.textContent = line; els.last.line = line; }
      const detail = hot === n.id ? 'BOTTLENECK: the busiest part' : detailLine(fig);
      if (texts && showDetail && els.last.detail !== detail) { els.text2.textContent = detail; els.last.detail = detail; }
      const inst = fig?.instances;
      const pipKey = inst ? `${inst.in_service || 0}/${inst.pending || 0}/${inst.unhealthy || 0}` : '';
      if (showLine && els.last.pips !== pipKey) { drawPips(els, inst); els.last.pips = pipKey; } // under 1 px when zoomed far out
      const depth = typeof fig?.depth === 'number' ? fig.depth : null;
      if (depth !== null) {
        this.maxDepth = Math.max(this.maxDepth, depth);
        const w = Math.max(0, (NODE_W - 16) * Math.log10(1 + depth) / Math.log10(1 + this.maxDepth));
        if (force || els.last.bar === undefined || Math.abs(w - els.last.bar) * s >= 0.5) { els.bar.setAttribute('width', w.toFixed(1)); els.last.bar = w; }
        if (els.last.depth === null || els.last.depth === undefined) { els.barBg.style.display = ''; els.bar.style.display = ''; }
      } else if (els.last.depth !== null) {
        els.barBg.style.display = 'none';
        els.bar.style.display = 'none';
      }
      els.last.depth = depth;
    }
    this.paintEdges(frame.edges || {}, selectedEdges, vis, force, restyle);
    this.paintPlaces(dark);
  }

  /**
   * Edges show volume by width and colour. A width is rewritten only when it moves by half a
   * screen pixel or more (zoomed far out, small changes cannot be seen, and each rewrite costs
   * style, layout, paint and raster); a forced paint writes exact widths. Edges with both ends off
   * screen are left until they come into view. Restyled once a second (EDGES_EVERY_MS).
   */
  paintEdges(edges, selected, vis, force, restyle = true) {
    const max = Math.max(1, ...Object.values(edges).map((e) => e.rps || 0));
    // Moving dashes cost real time under software rendering (FIELD-NOTES.md): only the busiest
    // few edges and the selected ones move; volume shows as width and colour everywhere.
    const busiest = new Set(Object.entries(edges).filter(([, v]) => v.rps > 0).sort((a, b) => b[1].rps - a[1].rps).slice(0, MAX_MOVING).map(([id]) => id));
    const flows = [];
    const s = this.canvas.view.s;
    const graph = this.canvas.graph;
    for (const e of this.canvas.editor.design.edges) {
      let els = this.edgeCache.get(e.id);
      if (!els || !els.view.el.isConnected) {
        const view = this.canvas.edgeViewOf(e.id);
        if (!view) continue;
        els = { view, line: view.findNode('line'), last: {} };
        this.edgeCache.set(e.id, els);
      }
      const style = edgeStyle(edges[e.id]?.rps, max);
      const moving = (style.busy && busiest.has(e.id)) || selected.has(e.id);
      if (moving) flows.push({ id: e.id, d: els.line.getAttribute('d'), width: style.width, async: e.props?.mode === 'async' });
      if (!restyle) continue;
      const a = graph.getCell(e.from)?.position();
      const b = graph.getCell(e.to)?.position();
      if (a && b && (Math.min(a.x, b.x) > vis.x1 || Math.max(a.x, b.x) < vis.x0 || Math.min(a.y, b.y) > vis.y1 || Math.max(a.y, b.y) < vis.y0)) continue;
      const idle = !edges[e.id]?.rps;
      const key = `${style.colour}|${idle}`;
      const last = els.last;
      if (last.key === key && last.width !== undefined && (force ? last.width === style.width : Math.abs(style.width - last.width) * s < 0.5)) continue;
      if (last.key !== key) {
        els.line.style.stroke = style.colour;
        els.view.el.classList.toggle('is-idle', idle);
        last.key = key;
      }
      if (last.width !== style.width) { els.line.style.strokeWidth = `${style.width}px`; last.width = style.width; }
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
    for (const els of this.cache.values()) {
      els.layer.remove();
      els.view.el.classList.remove('is-bottleneck');
    }
    this.cache.clear();
    this.edgeCache.clear();
    for (const e of this.canvas.editor.design.edges) {
      const view = this.canvas.edgeViewOf(e.id);
      if (!view) continue;
      const line = view.findNode('line');
      line.style.stroke = '';
      line.style.strokeWidth = '';
      view.el.classList.remove('is-flowing', 'is-idle');
    }
    this.flow.clear();
    this.paintPlaces(new Set());
    this.maxDepth = 1;
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

function roundedRect(x, y, w, h, r) {
  return `M ${x + r} ${y} H ${x + w - r} A ${r} ${r} 0 0 1 ${x + w} ${y + r} V ${y + h - r} A ${r} ${r} 0 0 1 ${x + w - r} ${y + h} H ${x + r} A ${r} ${r} 0 0 1 ${x} ${y + h - r} V ${y + r} A ${r} ${r} 0 0 1 ${x + r} ${y} Z`;
}
