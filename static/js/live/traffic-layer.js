/**
 * Edge traffic (width and colour by rps), drawn in SVG layers of their own under the node
 * figures: one path per busy edge on a copy of the edge's geometry (read from the link view when
 * the view is redrawn or the diagram re-synced, not every frame). The strokes are clipped around
 * the node cards and the edge labels, so a wide stroke never paints over a card, and stop short of
 * the arrowhead. The diagram's own edges keep their static look (solid sync, dashed async; dimmed
 * while running, by CSS) and nothing inside the diagram's SVG is written by a live frame.
 *
 * The strokes are dealt over LAYERS layers restyled in turn: a restyle re-rasters the whole of its
 * layer (long edges cross most tiles), so a layer holding half the strokes costs half.
 */
import { NODE_W, NODE_H } from '../model/layout.js';
import { edgeStyle } from './figures.js';

const SVG = 'http://www.w3.org/2000/svg';
export const LAYERS = 2;
const MAX_MOVING = 12;
const ARROW = 12; // length of the edges' arrowhead (shapes.js): the traffic stroke stops short of it
const LABEL_W = 46; // the hole left in the traffic for an edge's "p 0.5" label, around its middle
const LABEL_H = 26;
const PAD = 40; // the clip's outer box, around the nodes (no edge leaves it)
let clipIds = 0;

export class TrafficLayers {
  constructor() {
    const defs = document.createElementNS(SVG, 'defs');
    const clip = document.createElementNS(SVG, 'clipPath');
    clip.id = `pg-traffic-clip-${clipIds += 1}`;
    this.clipPath = document.createElementNS(SVG, 'path');
    this.clipPath.setAttribute('clip-rule', 'evenodd');
    this.clipPath.setAttribute('shape-rendering', 'crispEdges'); // a hard clip is cheaper to raster
    clip.append(this.clipPath);
    defs.append(clip);
    this.layers = Array.from({ length: LAYERS }, (_, k) => {
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
    this.edges = new Map(); // edge id -> {view, line, path, d, trafficD, async, last}
  }

  get svgs() { return this.layers.map((t) => t.svg); }

  follow(matrix) { for (const t of this.layers) t.root.setAttribute('transform', matrix); }

  /**
   * The edges' geometry, copied from the link views: the path of each edge, that path shortened
   * by the arrowhead for the traffic stroke, and the clip that keeps traffic off the node cards
   * and the labels. Read when the diagram was redrawn (a pan or zoom ends) or re-synced; reading a
   * `d` attribute causes no layout.
   */
  readGeometry(canvas) {
    const design = canvas.editor.design;
    const holes = nodeHoles(canvas, design);
    const live = new Set();
    for (const e of design.edges) {
      live.add(e.id);
      const els = this.edgeEls(e.id, canvas.edgeViewOf(e.id));
      if (!els) continue;
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
    for (const id of [...this.edges.keys()]) if (!live.has(id)) this.dropEdge(id);
    const clip = holes.join(' ');
    if (this.clipPath.getAttribute('d') !== clip) this.clipPath.setAttribute('d', clip);
  }

  /** The cache entry of an edge for its link view (a new one if the diagram redrew the link). */
  edgeEls(id, view) {
    if (!view) { this.dropEdge(id); return null; }
    let els = this.edges.get(id);
    if (!els || els.view !== view) {
      if (els?.path) els.path.remove();
      els = { view, line: view.findNode('line'), path: null, last: {} };
      this.edges.set(id, els);
    }
    return els;
  }

  dropEdge(id) {
    const els = this.edges.get(id);
    if (els?.path) els.path.remove();
    this.edges.delete(id);
  }

  /**
   * Edges show volume by width and colour. A width is rewritten only when it moves by half a
   * screen pixel or more (zoomed far out, small changes cannot be seen, and each rewrite costs
   * style, paint and raster); a forced paint writes exact widths. Edges with both ends off screen
   * are left until they come into view. An idle edge has no traffic stroke: the diagram's own
   * edge shows. `restyle`: which layer is restyled ('all', a layer's number, or null for none).
   * Returns the edges whose traffic moves (for the flow layer): the busiest few, and the selected.
   */
  paint(canvas, edges, { selected, vis, force, restyle }) {
    const max = Math.max(1, ...Object.values(edges).map((e) => e.rps || 0));
    // Moving dashes cost real time under software rendering (FIELD-NOTES.md): only the busiest
    // few edges and the selected ones move; volume shows as width and colour everywhere.
    const busiest = new Set(Object.entries(edges).filter(([, v]) => v.rps > 0).sort((a, b) => b[1].rps - a[1].rps).slice(0, MAX_MOVING).map(([id]) => id));
    const flows = [];
    const s = canvas.view.s;
    const list = canvas.editor.design.edges;
    for (let j = 0; j < list.length; j += 1) {
      const e = list[j];
      const els = this.edges.get(e.id);
      if (!els) continue;
      const style = edgeStyle(edges[e.id]?.rps, max);
      if ((style.busy && busiest.has(e.id)) || selected.has(e.id)) flows.push({ id: e.id, d: els.d, width: style.width, async: els.async });
      const layer = j % LAYERS;
      if (restyle === null || (restyle !== 'all' && restyle !== layer)) continue;
      if (offScreen(canvas.graph, e, vis)) continue;
      this.paintEdge(els, e.id, layer, style, { idle: !edges[e.id]?.rps || !els.trafficD, force, s });
    }
    return flows;
  }

  paintEdge(els, id, layer, style, { idle, force, s }) {
    const last = els.last;
    if (idle) {
      if (els.path && !last.hidden) { els.path.style.display = 'none'; last.hidden = true; }
      return;
    }
    if (!els.path) {
      els.path = document.createElementNS(SVG, 'path');
      els.path.setAttribute('class', els.async ? 'pg-traffic-edge is-async' : 'pg-traffic-edge');
      els.path.setAttribute('d', els.trafficD);
      els.path.dataset.edge = id;
      this.layers[layer].g.append(els.path);
    } else if (last.hidden) { els.path.style.display = ''; last.hidden = false; }
    if (last.colour !== style.colour) { els.path.setAttribute('stroke', style.colour); last.colour = style.colour; }
    if (last.width === undefined || (force ? last.width !== style.width : Math.abs(style.width - last.width) * s >= 0.5)) {
      els.path.setAttribute('stroke-width', String(style.width));
      last.width = style.width;
    }
  }

  clear() { for (const id of [...this.edges.keys()]) this.dropEdge(id); }
}

/** The clip's holes for the node cards, inside a box around all of them (edges run between nodes). */
function nodeHoles(canvas, design) {
  const holes = [];
  let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
  for (const n of design.nodes) {
    const p = canvas.graph.getCell(n.id)?.position();
    if (!p) continue;
    holes.push(`M ${p.x} ${p.y} h ${NODE_W} v ${NODE_H} h ${-NODE_W} Z`); // rectangles: a rounded clip rasters as a mask
    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x + NODE_W); y1 = Math.max(y1, p.y + NODE_H);
  }
  if (holes.length) holes.unshift(`M ${x0 - PAD} ${y0 - PAD} H ${x1 + PAD} V ${y1 + PAD} H ${x0 - PAD} Z`);
  return holes;
}

function offScreen(graph, e, vis) {
  const a = graph.getCell(e.from)?.position();
  const b = graph.getCell(e.to)?.position();
  return a && b && (Math.min(a.x, b.x) > vis.x1 || Math.max(a.x, b.x) < vis.x0 || Math.min(a.y, b.y) > vis.y1 || Math.max(a.y, b.y) < vis.y0);
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
