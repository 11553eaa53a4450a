/**
 * Keyboard navigation on the canvas, the pure part (node --test covers it): the things a key can
 * reach (nodes, then connections) in reading order, the next or previous one (Tab), and the
 * nearest one in an arrow's direction.
 */
import { nodeRect } from '../model/layout.js';

/** [{type: 'node'|'edge', id, x, y}]: each node at its centre, each connection at its middle;
 * nodes in reading order (top to bottom in rows of a card's height, left to right), then edges. */
export function navTargets(design, layout) {
  const centres = new Map();
  const nodes = design.nodes.map((n) => {
    const r = nodeRect(layout, n);
    const c = { type: 'node', id: n.id, x: r.x + r.w / 2, y: r.y + r.h / 2, row: Math.round((r.y + r.h / 2) / Math.max(1, r.h)) };
    centres.set(n.id, c);
    return c;
  }).sort((a, b) => a.row - b.row || a.x - b.x);
  const edges = design.edges.filter((e) => centres.has(e.from) && centres.has(e.to)).map((e) => {
    const a = centres.get(e.from);
    const b = centres.get(e.to);
    return { type: 'edge', id: e.id, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  });
  return [...nodes.map((t) => ({ type: t.type, id: t.id, x: t.x, y: t.y })), ...edges];
}

const same = (a, b) => Boolean(a && b && a.type === b.type && a.id === b.id);

/** The target after (step 1) or before (step -1) `current`; null past either end (the focus
 * then leaves the canvas, as Tab does anywhere). With nothing current, the first or the last. */
export function stepTarget(targets, current, step) {
  if (!targets.length) return null;
  const at = targets.findIndex((t) => same(t, current));
  if (at < 0) return step > 0 ? targets[0] : targets[targets.length - 1];
  return targets[at + step] || null;
}

const DIRS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };

/** The nearest target in the arrow's direction (within 60 degrees of it, nearer to the axis
 * counting for more); `current` itself when there is none that way. */
export function nearestTarget(targets, current, key) {
  const dir = DIRS[key];
  if (!dir) return null;
  const from = targets.find((t) => same(t, current));
  if (!from) return targets[0] || null;
  let best = null;
  let bestScore = Infinity;
  for (const t of targets) {
    if (same(t, from)) continue;
    const dx = t.x - from.x;
    const dy = t.y - from.y;
    const along = dx * dir[0] + dy * dir[1];
    const across = Math.abs(dx * dir[1] - dy * dir[0]);
    if (along <= 0 || across > along * 1.8) continue;
    const score = along + 2 * across;
    if (score < bestScore) { best = t; bestScore = score; }
  }
  return best || from;
}
