/**
 * Copy and paste: a fragment is the selected nodes plus the edges between them, as plain JSON
 * (it goes through the system clipboard as text, so it can be pasted into another design).
 */
import { clone, freshId, freshEdgeId } from './design.js';
import { computeLayout } from './layout.js';
import { clearGroup } from './placement.js';

export const FRAGMENT_TYPE = 'architecture-playground/fragment';

export function copyFragment(design, nodeIds) {
  const ids = new Set(nodeIds);
  return {
    type: FRAGMENT_TYPE,
    version: 1,
    nodes: clone(design.nodes.filter((n) => ids.has(n.id))),
    edges: clone(design.edges.filter((e) => ids.has(e.from) && ids.has(e.to))),
  };
}

/** New nodes and edges for pasting `fragment` into `design`: fresh ids, placed where the design
 * can hold them (a node whose Region or AZ is missing here goes to the first one), shifted a
 * little and then, all together, to the nearest spot where none of them overlaps a card already
 * there or another pasted one (placement.js clearGroup). */
export function pasteCells(design, fragment, offset = 24) {
  if (!fragment || fragment.type !== FRAGMENT_TYPE) return { nodes: [], edges: [] };
  const scratch = { ...design, nodes: [...design.nodes], edges: [...design.edges] };
  const rename = new Map();
  const nodes = [];
  for (const src of fragment.nodes || []) {
    const node = clone(src);
    node.id = freshId(scratch, src.id);
    rename.set(src.id, node.id);
    node.placement = adaptPlacement(design, node.placement || {});
    if (node.ui) node.ui = { x: node.ui.x + offset, y: node.ui.y + offset };
    scratch.nodes.push(node);
    nodes.push(node);
  }
  const placed = nodes.filter((n) => n.ui);
  if (placed.length) {
    const spots = clearGroup(design, computeLayout(scratch), placed.map((n) => ({ id: n.id, placement: n.placement, ui: n.ui })));
    placed.forEach((n, i) => { n.ui = spots[i].ui; });
  }
  const edges = [];
  for (const src of fragment.edges || []) {
    const edge = { ...clone(src), id: freshEdgeId(scratch), from: rename.get(src.from), to: rename.get(src.to) };
    scratch.edges.push(edge);
    edges.push(edge);
  }
  return { nodes, edges };
}

function adaptPlacement(design, placement) {
  if (!placement.region) return {};
  const region = design.regions.find((r) => r.id === placement.region) || design.regions[0];
  if (!region) return {};
  if (placement.az) {
    const az = region.azs.includes(placement.az) ? placement.az : region.azs[0];
    return az ? { region: region.id, az } : { region: region.id };
  }
  const out = { region: region.id };
  if (Array.isArray(placement.azs)) out.azs = placement.azs.filter((a) => region.azs.includes(a));
  return out;
}
