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
 *   centre line, or a container's inner edge or centre (`containerLines`), when it is within a
 *   few screen pixels of it (the guides to draw come back too).
 * - `clearGroup`: cards moved or pasted together land clear of the others, together where they
 *   can.
 * - `dropTargets`: which containers a kind may be dropped in (valid), may not (invalid), or
 *   neither (it would land elsewhere), for the highlight while dragging.
 */
import {
  computeLayout, containerOrigin, placementScope, sameContainer,
  NODE_W, NODE_H, PAD, COL_GAP, ROW_GAP, GLOBAL_X, TOP, LIVE_SPACE, REGIONS_X, AZ_HEADER,
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

/**
 * Where several cards moved or pasted together go (`items`: [{id, placement, ui}], each `ui`
 * relative to its container): shifted together by the smallest whole-grid offset at which every
 * one keeps clear of the cards that stay (all but `except` and the items) and of the others
 * moved with it, and stays inside its container, so the group keeps its shape. When no common
 * offset is found nearby, each card in turn takes its own nearest clear spot (nearestClear),
 * against the cards that stay and those already placed. Returns new items; none overlaps.
 */
export function clearGroup(design, layout, items, except = new Set()) {
  if (items.length <= 1) {
    return items.map((it) => ({ ...it, ui: nearestClear(design, layout, it.placement, it.ui, new Set([...except, it.id])) }));
  }
  const skip = new Set([...except, ...items.map((it) => it.id)]);
  const stay = new Map(); // a container's cards that stay, by the first item's id in it
  const fixed = items.map((it) => {
    const key = items.find((o) => sameContainer(o.placement, it.placement)).id;
    if (!stay.has(key)) stay.set(key, siblings(design, it.placement, skip));
    return {
      others: stay.get(key), hi: maxX(layout, it.placement), global: placementScope(it.placement) === 'global',
      peers: items.filter((o) => o !== it && sameContainer(o.placement, it.placement)).map((o) => items.indexOf(o)),
    };
  });
  const fits = (dx, dy) => items.every((it, i) => {
    const p = { x: it.ui.x + dx, y: it.ui.y + dy };
    const f = fixed[i];
    return p.x >= 0 && p.y >= 0 && (f.hi === null || p.x <= f.hi) && (!f.global || outsideRegions(layout, p))
      && clear(p, f.others) && f.peers.every((j) => j > i || keepsClear(card(p), card({ x: items[j].ui.x + dx, y: items[j].ui.y + dy })));
  });
  const moved = (dx, dy) => items.map((it) => ({ ...it, ui: { x: it.ui.x + dx, y: it.ui.y + dy } }));
  if (fits(0, 0)) return moved(0, 0);
  for (let k = 1; k <= SEARCH_STEPS; k += 1) {
    let best = null;
    for (let i = -k; i <= k; i += 1) {
      for (const [dx, dy] of [[i, -k], [i, k], [-k, i], [k, i]]) {
        const d = Math.hypot(dx, dy);
        if ((!best || d < best.d) && fits(dx * GRID, dy * GRID)) best = { dx: dx * GRID, dy: dy * GRID, d };
      }
    }
    if (best) return moved(best.dx, best.dy);
  }
  const placed = { ...design, nodes: design.nodes.filter((n) => !skip.has(n.id)) };
  return items.map((it) => {
    const ui = nearestClear(placed, layout, it.placement, it.ui);
    placed.nodes = [...placed.nodes, { id: it.id, placement: it.placement, ui }];
    return { ...it, ui };
  });
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

// A target's vertical lines (x) and horizontal ones (y): a card's edges and centre; a
// container's are its inner edges (where a card inside it lines up with its side: the padding in)
// and its centre, so a card snapped to one is where a drop there keeps it.
const xsOf = (r) => r.xs || [r.x, r.x + r.w / 2, r.x + r.w];
const ysOf = (r) => r.ys || [r.y, r.y + r.h / 2, r.y + r.h];

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
 * The lines a card of catalogue `scope` lines up with on the containers while dragged (canvas
 * coordinates): each Region's band of regional services and each AZ column, as
 * {x, y, w, h, xs, ys, container}. The x lines are the inner left edge (PAD in: where a card at
 * the container's left sits), the centre and the inner right edge; the y lines the top of where
 * cards go (under the header) and the centre. A global card, which stays out of the Regions,
 * lines up with their y lines only.
 */
export function containerLines(layout, scope = 'zonal') {
  const out = [];
  const add = (r, container, top) => out.push({
    x: r.x, y: r.y, w: r.w, h: r.h, container,
    xs: scope === 'global' ? [] : [r.x + PAD, r.x + r.w / 2, r.x + r.w - PAD], ys: [top, r.y + r.h / 2],
  });
  for (const region of layout.regions) {
    add(region.band, `band:${region.id}`, region.band.y + 4);
    for (const az of region.azs) add(az, `az:${az.id}`, az.y + AZ_HEADER);
  }
  return out;
}

/**
 * Line card rectangle `r` (canvas coordinates) up with the `others`: cards, whose edges and centre
 * count, or containers (containerLines), whose inner edges and centre do. An edge or the centre of
 * `r` within `tol` canvas units of such a line pulls it there; the nearest line wins. Returns the
 * position {x, y} and the guides to draw: {axis: 'x', at, from, to} (a vertical line at x = at,
 * from y to y) or {axis: 'y', at, from, to} (a horizontal one), spanning the card and what it
 * lines up with; a guide on a container's line carries `container` (its type and id).
 */
export function alignTo(r, others, tol) {
  const dx = bestShift(xsOf(r), others.map(xsOf), tol);
  const dy = bestShift(ysOf(r), others.map(ysOf), tol);
  const at = { x: r.x + (dx ?? 0), y: r.y + (dy ?? 0), w: r.w, h: r.h };
  const guides = [];
  const guide = (axis, v, hits) => {
    const [lo, len] = axis === 'x' ? ['y', 'h'] : ['x', 'w'];
    const g = { axis, at: v, from: Math.min(at[lo], ...hits.map((o) => o[lo])), to: Math.max(at[lo] + at[len], ...hits.map((o) => o[lo] + o[len])) };
    const box = hits.find((o) => o.container);
    if (box) g.container = box.container;
    guides.push(g);
  };
  const near = (list, v) => list.some((w) => Math.abs(w - v) < 0.5);
  if (dx !== null) {
    for (const x of xsOf(at)) {
      const hits = others.filter((o) => near(xsOf(o), x));
      if (hits.length) guide('x', x, hits);
    }
  }
  if (dy !== null) {
    for (const y of ysOf(at)) {
      const hits = others.filter((o) => near(ysOf(o), y));
      if (hits.length) guide('y', y, hits);
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
