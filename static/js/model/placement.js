/**
 * Where a new or moved card may sit, as pure functions of the design and its layout (layout.js):
 *
 * - `freeSlot`: the spot a component added without dragging (Enter, a tap) takes: the first
 *   free slot of the slot grid in its container (a zonal kind goes to the AZ of the first Region
 *   with the fewest zonal components, a regional kind to the first Region's band, a global kind
 *   down the lane left of the Regions). Never on top of another card.
 * - `nearestClear`: a dropped card is moved to the nearest grid point of its container where it
 *   keeps clear of every other card there, their connect handles (on the right edge) and the
 *   live figures under them included.
 * - `snapPoint` and `alignTo`: a dragged card snaps to the grid, or to another card's edge or
 *   centre line when it is within a few screen pixels of it (the guides to draw come back too).
 * - `dropTargets`: which containers a kind may be dropped in (valid), may not (invalid), or
 *   neither (it would land elsewhere), for the highlight while dragging.
 */
import {
  computeLayout, containerOrigin, placementScope, sameContainer,
  NODE_W, NODE_H, PAD, COL_GAP, ROW_GAP, GLOBAL_X, TOP, LIVE_SPACE, REGIONS_X,
} from './layout.js';

export const GRID = 8; // the snap grid (the paper's gridSize); the dot grid's pitch is twice it
export const CLEAR_X = 24; // right of a card: its connect handle (r 9 + stroke) and air to grab it
export const CLEAR_Y = LIVE_SPACE; // under a card: its two lines of live figures
export const ALIGN_PX = 6; // screen pixels within which a card snaps to another's line
const SEARCH_STEPS = 80; // grid steps searched round a drop (640 px) before giving up
const MAX_SLOTS = 400;

export const snap = (v, g = GRID) => Math.round(v / g) * g;

/** A point snapped to the grid. */
export function snapPoint(p, g = GRID) { return { x: snap(p.x, g), y: snap(p.y, g) }; }

/** Whether card rectangle `r` keeps clear of `o` (and of its handle and figures, and `o` of r's). */
export function keepsClear(r, o) {
  return r.x >= o.x + o.w + CLEAR_X || o.x >= r.x + r.w + CLEAR_X || r.y >= o.y + o.h + CLEAR_Y || o.y >= r.y + r.h + CLEAR_Y;
}

/** The other cards of the container `placement` points at, as rectangles relative to it (their `ui`). */
function siblings(design, placement, except) {
  return design.nodes
    .filter((n) => n.ui && !except.has(n.id) && sameContainer(n.placement, placement))
    .map((n) => ({ x: n.ui.x, y: n.ui.y, w: NODE_W, h: NODE_H }));
}

const card = (ui) => ({ x: ui.x, y: ui.y, w: NODE_W, h: NODE_H });
const clear = (ui, others) => others.every((o) => keepsClear(card(ui), o));

/** How far right a card's `ui` may go in its container (null: no limit, a global card). */
function maxX(layout, placement) {
  const scope = placementScope(placement);
  if (scope === 'global') return null;
  const region = layout.regions.find((r) => r.id === placement.region);
  if (!region) return 0;
  if (scope === 'zonal') {
    const az = region.azs.find((a) => a.id === placement.az);
    return az ? Math.max(0, az.w - 2 * PAD - NODE_W) : 0;
  }
  return Math.max(0, region.band.w - 2 * PAD - NODE_W);
}

/**
 * The grid point nearest `ui` (relative to its container) where a card keeps clear of the other
 * cards of its container (`except`: ids that do not count, the card itself or the ones moving with
 * it). Containers grow downwards, so only the left, right and top sides bound the search. A global
 * card must also stay out of the Regions. Returns `ui` itself when nothing is found nearby.
 */
export function nearestClear(design, layout, placement, ui, except = new Set()) {
  const others = siblings(design, placement, except);
  const hi = maxX(layout, placement);
  const global = placementScope(placement) === 'global';
  const o = containerOrigin(layout, placement);
  // Candidates are on the grid of the canvas (what the eye lines up), expressed relative to the container.
  const base = { x: snap(o.x + ui.x) - o.x, y: snap(o.y + ui.y) - o.y };
  const ok = (p) => p.x >= 0 && p.y >= 0 && (hi === null || p.x <= hi)
    && (!global || outsideRegions(layout, p)) && clear(p, others);
  if (clear(ui, others) && ok({ x: Math.max(0, ui.x), y: Math.max(0, ui.y) })) return ui;
  for (let k = 1; k <= SEARCH_STEPS; k += 1) {
    let best = null;
    let bestD = Infinity;
    for (let i = -k; i <= k; i += 1) {
      for (const [dx, dy] of [[i, -k], [i, k], [-k, i], [k, i]]) {
        const p = { x: base.x + dx * GRID, y: base.y + dy * GRID };
        const d = Math.hypot(p.x - ui.x, p.y - ui.y);
        if (d < bestD && ok(p)) { best = p; bestD = d; }
      }
    }
    if (best) return best;
  }
  return ui;
}

function outsideRegions(layout, p) {
  const r = card(p);
  return layout.regions.every((g) => r.x + r.w + CLEAR_X <= g.x || r.x >= g.x + g.w || r.y + r.h <= g.y || r.y >= g.y + g.h);
}

/**
 * Where a component of catalogue `scope` goes when added without dragging: {ok, placement, ui}
 * or {ok: false, reason}. The layout is worked out with the new card in it, since a band widens
 * as regional cards join it.
 */
export function freeSlot(design, { scope, label }) {
  const name = label || 'This component';
  const region = design.regions[0];
  let placement = {};
  if (scope === 'zonal') {
    if (!region || !region.azs.length) return { ok: false, reason: `${name} runs in one Availability Zone: add a Region with an AZ first.` };
    const count = (az) => design.nodes.filter((n) => n.placement?.region === region.id && n.placement?.az === az).length;
    const az = region.azs.reduce((best, a) => (count(a) < count(best) ? a : best), region.azs[0]);
    placement = { region: region.id, az };
  } else if (scope === 'regional') {
    if (!region) return { ok: false, reason: `${name} is a regional service: add a Region first.` };
    placement = { region: region.id };
  }
  const layout = computeLayout({ ...design, nodes: [...design.nodes, { id: '\u0000new', placement }] });
  const others = siblings(design, placement, new Set());
  if (scope !== 'zonal' && scope !== 'regional') {
    for (let row = 0; row < MAX_SLOTS; row += 1) {
      const ui = { x: GLOBAL_X, y: TOP + 20 + row * (NODE_H + ROW_GAP) };
      if (clear(ui, others)) return { ok: true, placement, ui };
    }
  }
  const cols = Math.max(1, Math.floor((maxX(layout, placement) + NODE_W + COL_GAP) / (NODE_W + COL_GAP)));
  const top = scope === 'zonal' ? 4 : 0;
  for (let i = 0; i < MAX_SLOTS; i += 1) {
    const ui = { x: (i % cols) * (NODE_W + COL_GAP), y: top + Math.floor(i / cols) * (NODE_H + ROW_GAP) };
    if (clear(ui, others)) return { ok: true, placement, ui };
  }
  return { ok: true, placement, ui: { x: 0, y: top + MAX_SLOTS * (NODE_H + ROW_GAP) } };
}

const lines = (r) => [r.x, r.x + r.w / 2, r.x + r.w];
const rows = (r) => [r.y, r.y + r.h / 2, r.y + r.h];

/** The shift (at most `tol`) that lines one of `mine` up with one of `theirs`, or null. */
function bestShift(mine, theirsList, tol) {
  let best = null;
  for (const theirs of theirsList) {
    for (const a of mine) {
      for (const b of theirs) {
        const d = b - a;
        if (Math.abs(d) <= tol && (best === null || Math.abs(d) < Math.abs(best))) best = d;
      }
    }
  }
  return best;
}

/**
 * Line card rectangle `r` (canvas coordinates) up with the cards `others`: an edge or the centre
 * within `tol` canvas units of another card's edge or centre pulls it there. Returns the position
 * {x, y} and the guides to draw: {axis: 'x', at, from, to} (a vertical line at x = at, from y to y)
 * or {axis: 'y', at, from, to} (a horizontal one).
 */
export function alignTo(r, others, tol) {
  const dx = bestShift(lines(r), others.map(lines), tol);
  const dy = bestShift(rows(r), others.map(rows), tol);
  const at = { x: r.x + (dx ?? 0), y: r.y + (dy ?? 0), w: r.w, h: r.h };
  const guides = [];
  if (dx !== null) {
    for (const x of lines(at)) {
      const hits = others.filter((o) => lines(o).some((v) => Math.abs(v - x) < 0.5));
      if (hits.length) guides.push({ axis: 'x', at: x, from: Math.min(at.y, ...hits.map((o) => o.y)), to: Math.max(at.y + at.h, ...hits.map((o) => o.y + o.h)) });
    }
  }
  if (dy !== null) {
    for (const y of rows(at)) {
      const hits = others.filter((o) => rows(o).some((v) => Math.abs(v - y) < 0.5));
      if (hits.length) guides.push({ axis: 'y', at: y, from: Math.min(at.x, ...hits.map((o) => o.x)), to: Math.max(at.x + at.w, ...hits.map((o) => o.x + o.w)) });
    }
  }
  return { x: at.x, y: at.y, guides };
}

/**
 * For the highlight while a component of `scope` is dragged: each container as {type, id, valid}
 * with valid true (it may be dropped there), false (refused there) or null (accepted, but it lands
 * in another container: a regional kind over an AZ goes to the Region's band). `outside` says
 * whether the space outside the Regions takes it (global kinds).
 */
export function dropTargets(layout, scope) {
  const targets = [];
  for (const r of layout.regions) {
    const zonal = scope === 'zonal';
    const regional = scope === 'regional';
    targets.push({ type: 'region', id: r.id, valid: regional });
    targets.push({ type: 'band', id: r.id, valid: regional });
    for (const az of r.azs) targets.push({ type: 'az', id: az.id, valid: zonal ? true : regional ? null : false });
  }
  return { targets, outside: scope !== 'zonal' && scope !== 'regional' };
}

/** The lane left of the Regions where global cards go, for its highlight (canvas coordinates). */
export function globalLane(layout) {
  const top = TOP;
  const h = Math.max(NODE_H * 3, ...layout.regions.map((r) => r.h));
  return { x: GLOBAL_X - 20, y: top, w: REGIONS_X - GLOBAL_X - 20 - 24, h };
}
