/**
 * Where things sit on the canvas. Regions and AZs are laid out automatically from the document
 * (Regions side by side; in each, a band for regional components above one column per AZ), so
 * a design always reads tidily and the document needs no container geometry.
 *
 * A node's `ui` {x, y} is relative to its container: the AZ for zonal kinds, the Region's band
 * for regional kinds; global kinds (placement {}) are in canvas coordinates, left of the Regions.
 * Containers grow to fit what is in them.
 */
import { article } from './words.js';

export const NODE_W = 176;
export const NODE_H = 64;
export const PAD = 16;
export const REGION_HEADER = 44;
export const AZ_HEADER = 30;
export const AZ_W = NODE_W + 2 * PAD + 24;
export const AZ_GAP = 16;
export const BAND_MIN = NODE_H + 2 * PAD + 40;
export const AZ_MIN = NODE_H + 2 * PAD + AZ_HEADER + 40;
export const GLOBAL_X = 40;
export const REGIONS_X = 300;
export const REGION_GAP = 64;
export const TOP = 40;
export const COL_GAP = 72; // room for the live figures under a card
export const ROW_GAP = 48; // room for the two lines of live figures under a card
export const LIVE_SPACE = 40;
// An Auto Scaling group's instances are drawn at the foot of each AZ column it spans, a strip of
// chips and a line of words each, wrapped to a second line when the column is narrow for them
// (live/az-instances.js): an AZ with cards keeps room for two lines under their live figures, so
// a strip does not cover them.
export const STRIP_SPACE = 38;
export const STRIP_LINE = 16;
export const STRIP_PAD = 10;
export const BAND_MAX_COLS = 4;
// Level of detail: below these scales the second line, then all text, of a card is not drawn, and
// below LOD_VERY_FAR the live figures become one bitmap (live/far-figures.js, .lod-* in app.css).
export const LOD_FAR = 0.45;
export const LOD_VERY_FAR = 0.3;
const MAX_ROWS = 40;

/** Which container a node's placement points at: 'global', 'regional' or 'zonal'. */
export function placementScope(placement) {
  if (placement && placement.az) return 'zonal';
  if (placement && placement.region) return 'regional';
  return 'global';
}

export function computeLayout(design) {
  const regions = [];
  let x = REGIONS_X;
  for (const r of design.regions) {
    const mine = design.nodes.filter((n) => n.placement?.region === r.id);
    const regional = mine.filter((n) => placementScope(n.placement) === 'regional' && n.ui);
    const zonal = mine.filter((n) => placementScope(n.placement) === 'zonal' && n.ui);
    const naz = Math.max(r.azs.length, 1);
    const bandCols = Math.min(BAND_MAX_COLS, mine.filter((n) => placementScope(n.placement) === 'regional').length);
    const bandW = bandCols * (NODE_W + COL_GAP) - COL_GAP + 2 * PAD;
    const innerW = Math.max(naz * AZ_W + (naz - 1) * AZ_GAP, bandW);
    const bandH = Math.max(BAND_MIN, ...regional.map((n) => n.ui.y + NODE_H + PAD + LIVE_SPACE));
    const groups = (azId) => mine.filter((n) => n.kind === 'asg' && (!n.placement.azs?.length || n.placement.azs.includes(azId))).length;
    const stripRoom = r.azs.map((azId) => {
      const cards = zonal.filter((n) => n.placement.az === azId);
      const strips = groups(azId);
      if (!cards.length || !strips) return 0;
      return Math.max(...cards.map((n) => AZ_HEADER + n.ui.y + NODE_H + LIVE_SPACE)) + strips * (STRIP_SPACE + STRIP_LINE) + STRIP_PAD;
    });
    const azH = Math.max(AZ_MIN, ...zonal.map((n) => n.ui.y + NODE_H + PAD + LIVE_SPACE), ...stripRoom);
    const band = { x: x + PAD, y: TOP + REGION_HEADER, w: innerW, h: bandH };
    const azTop = band.y + bandH + PAD;
    const azW = (innerW - (naz - 1) * AZ_GAP) / naz; // AZ columns share the Region's width
    const azs = r.azs.map((az, i) => ({ id: az, region: r.id, x: x + PAD + i * (azW + AZ_GAP), y: azTop, w: azW, h: azH }));
    const w = innerW + 2 * PAD;
    const h = REGION_HEADER + bandH + PAD + (r.azs.length ? azH : 0) + PAD;
    regions.push({ id: r.id, x, y: TOP, w, h, band, azs });
    x += w + REGION_GAP;
  }
  const tallest = Math.max(0, ...regions.map((r) => r.h));
  for (const r of regions) r.h = tallest; // side by side, one height: reads as a row of Regions
  return { regions, right: x };
}

/** The top-left origin that a node's `ui` is relative to. */
export function containerOrigin(layout, placement) {
  const scope = placementScope(placement);
  if (scope === 'global') return { x: 0, y: 0 };
  const region = layout.regions.find((r) => r.id === placement.region);
  if (!region) return { x: 0, y: 0 };
  if (scope === 'zonal') {
    const az = region.azs.find((a) => a.id === placement.az);
    return az ? { x: az.x + PAD, y: az.y + AZ_HEADER } : { x: region.x, y: region.y };
  }
  return { x: region.band.x + PAD, y: region.band.y + 4 };
}

/** A node's rectangle in canvas coordinates. */
export function nodeRect(layout, node) {
  const o = containerOrigin(layout, node.placement);
  const ui = node.ui || { x: 0, y: 0 };
  return { x: o.x + ui.x, y: o.y + ui.y, w: NODE_W, h: NODE_H };
}

const inside = (p, r) => p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;

/** What lies under a canvas point: an AZ, a Region's band, elsewhere in a Region, or nothing. */
export function hitTest(layout, point) {
  for (const region of layout.regions) {
    if (!inside(point, region)) continue;
    for (const az of region.azs) if (inside(point, az)) return { type: 'az', region: region.id, az: az.id };
    if (inside(point, region.band)) return { type: 'band', region: region.id };
    return { type: 'region', region: region.id };
  }
  return { type: 'none' };
}


/**
 * Where a node of `kind` (with catalogue `scope`) lands when its top-left is dropped at `topLeft`
 * (hit-tested at its centre). Returns {ok, placement, ui} or {ok: false, reason}.
 */
export function dropPlacement(layout, { scope, label }, topLeft, previous = {}) {
  const centre = { x: topLeft.x + NODE_W / 2, y: topLeft.y + NODE_H / 2 };
  const hit = hitTest(layout, centre);
  const name = label || 'This component';
  if (scope === 'zonal') {
    if (hit.type !== 'az') {
      return { ok: false, reason: `${article(name)} ${name} runs in one Availability Zone: drop it inside an AZ column.` };
    }
    const placement = { region: hit.region, az: hit.az };
    return { ok: true, placement, ui: clampInto(layout, placement, topLeft) };
  }
  if (scope === 'regional') {
    if (hit.type === 'none') {
      return { ok: false, reason: `${article(name)} ${name} is a regional service: drop it inside a Region.` };
    }
    const placement = { region: hit.region };
    if (previous.region === hit.region && Array.isArray(previous.azs)) placement.azs = [...previous.azs];
    return { ok: true, placement, ui: clampInto(layout, placement, topLeft) };
  }
  if (hit.type !== 'none') {
    return { ok: false, reason: `${name} is global (it lives outside any Region): place it left of the Regions.` };
  }
  return { ok: true, placement: {}, ui: { x: Math.round(topLeft.x), y: Math.round(topLeft.y) } };
}

/** `ui` relative to the container, kept inside it (a container may grow downwards by one row). */
export function clampInto(layout, placement, topLeft) {
  const scope = placementScope(placement);
  const o = containerOrigin(layout, placement);
  const region = layout.regions.find((r) => r.id === placement.region);
  let maxX;
  let maxY;
  if (scope === 'zonal') {
    const az = region.azs.find((a) => a.id === placement.az);
    maxX = az.w - 2 * PAD - NODE_W;
    maxY = az.h - AZ_HEADER - PAD;
  } else {
    maxX = region.band.w - 2 * PAD - NODE_W;
    maxY = region.band.h - PAD;
  }
  return {
    x: Math.round(Math.min(Math.max(topLeft.x - o.x, 0), Math.max(maxX, 0))),
    y: Math.round(Math.min(Math.max(topLeft.y - o.y, 0), Math.max(maxY, 0))),
  };
}

/** The first free spot in a node's container (for nodes with no `ui`, or a `ui` that no longer fits). */
export function autoPlace(design, layout, node, depth = 0) {
  const scope = placementScope(node.placement);
  const siblings = design.nodes.filter((n) => n !== node && n.ui && sameContainer(n.placement, node.placement));
  const taken = (x, y) => siblings.some((s) => Math.abs(s.ui.x - x) < NODE_W && Math.abs(s.ui.y - y) < NODE_H);
  if (scope === 'global') {
    for (let y = TOP + 20; ; y += NODE_H + 40) if (!taken(GLOBAL_X, y)) return { x: GLOBAL_X, y };
  }
  const region = layout.regions.find((r) => r.id === node.placement.region);
  const width = region ? (scope === 'zonal' ? AZ_W - 2 * PAD : region.band.w - 2 * PAD) : NODE_W;
  const cols = Math.max(1, Math.floor((width + COL_GAP) / (NODE_W + COL_GAP)));
  const first = Math.min(depth, cols - 1);
  const order = [...Array(cols).keys()].map((i) => (first + i) % cols);
  for (let row = 0; row < 3; row += 1) { // stay in the flow's column first: siblings stack
    const x = first * (NODE_W + COL_GAP);
    const y = row * (NODE_H + ROW_GAP) + (scope === 'zonal' ? 4 : 0);
    if (!taken(x, y)) return { x, y };
  }
  for (let row = 0; ; row += 1) {
    for (const c of order) {
      const x = c * (NODE_W + COL_GAP);
      const y = row * (NODE_H + ROW_GAP) + (scope === 'zonal' ? 4 : 0);
      if (!taken(x, y)) return { x, y };
    }
  }
}

/** How far down the request flow each node sits (0 for the callers nobody calls). */
export function flowDepth(design) {
  const depth = new Map(design.nodes.map((n) => [n.id, 0]));
  for (let i = 0; i < design.nodes.length; i += 1) {
    let changed = false;
    for (const e of design.edges) {
      if (!depth.has(e.from) || !depth.has(e.to)) continue;
      const d = depth.get(e.from) + 1;
      if (d > depth.get(e.to) && d < design.nodes.length) { depth.set(e.to, d); changed = true; }
    }
    if (!changed) break;
  }
  return depth;
}

/** Whether two placements point at the same container. */
export function sameContainer(a, b) {
  const sa = placementScope(a);
  if (sa !== placementScope(b)) return false;
  if (sa === 'global') return true;
  if (sa === 'regional') return a.region === b.region;
  return a.region === b.region && a.az === b.az;
}

/** Give every node a `ui` that fits its container: the document may come from a scenario file,
 * an import or an older editor. Mutates `design`; returns it. */
export function settleLayout(design) {
  let layout = computeLayout(design);
  let misfits = design.nodes.filter((n) => !fits(layout, n));
  if (!misfits.length) return design;
  // A document laid out by another tool (absolute coordinates, say): where one node of a Region
  // does not fit, lay out the whole Region again so its flow reads left to right.
  const key = (n) => n.placement?.region || '(global)';
  const redo = new Set(misfits.map(key));
  misfits = design.nodes.filter((n) => misfits.includes(n) || redo.has(key(n)));
  for (const n of misfits) delete n.ui;
  const depth = flowDepth(design);
  layout = computeLayout(design);
  const byRegion = new Map();
  for (const n of misfits) {
    const key = placementScope(n.placement) === 'regional' ? n.placement.region : null;
    if (key) byRegion.set(key, Math.min(byRegion.get(key) ?? Infinity, depth.get(n.id)));
  }
  misfits.sort((a, b) => depth.get(a.id) - depth.get(b.id));
  for (const node of misfits) {
    const base = byRegion.get(node.placement?.region) ?? 0;
    const d = placementScope(node.placement) === 'regional' ? depth.get(node.id) - base : 0;
    node.ui = autoPlace(design, layout, node, d);
    layout = computeLayout(design);
  }
  return design;
}

function fits(layout, node) {
  if (!node.ui) return false;
  const scope = placementScope(node.placement);
  if (scope === 'global') {
    const centre = { x: node.ui.x + NODE_W / 2, y: node.ui.y + NODE_H / 2 };
    return hitTest(layout, centre).type === 'none';
  }
  const region = layout.regions.find((r) => r.id === node.placement.region);
  if (!region) return true; // an unknown Region: validation says so; leave the node where it is
  if (node.ui.x < 0 || node.ui.y < 0 || node.ui.y > MAX_ROWS * (NODE_H + ROW_GAP)) return false;
  if (scope === 'zonal') {
    const az = region.azs.find((a) => a.id === node.placement.az);
    if (!az) return true;
    return node.ui.x <= az.w - 2 * PAD - NODE_W;
  }
  return node.ui.x <= region.band.w - 2 * PAD - NODE_W;
}

/** The rectangle around everything, for "fit". */
export function contentBounds(design, layout) {
  const rects = [...layout.regions.map((r) => ({ x: r.x, y: r.y, w: r.w, h: r.h })), ...design.nodes.map((n) => nodeRect(layout, n))];
  if (layout.regions.length) rects.push({ x: GLOBAL_X - 20, y: TOP, w: NODE_W, h: NODE_H }); // the lane for global components
  if (!rects.length) return { x: 0, y: 0, w: 800, h: 600 };
  const x0 = Math.min(...rects.map((r) => r.x));
  const y0 = Math.min(...rects.map((r) => r.y));
  const x1 = Math.max(...rects.map((r) => r.x + r.w));
  const y1 = Math.max(...rects.map((r) => r.y + r.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
