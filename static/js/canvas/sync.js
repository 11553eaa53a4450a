/**
 * Design -> cells: the JointJS graph is a picture of the design, brought up to date by diff after
 * every change. A cell is made when its part of the design appears, moved, resized or re-labelled
 * only where it differs (each write costs the paper a redraw), and removed when its part goes.
 */
import { Node, Region, Band, AZ, Edge } from './shapes.js';
import { cellIdOf } from './cells.js';
import { computeLayout, nodeRect } from '../model/layout.js';
import { azPlace } from '../model/words.js';

export const CATEGORY_COLOURS = {
  Clients: '#475569', 'Edge & DNS': '#6d28d9', 'Load balancing': '#0e63a8', Compute: '#c2410c',
  Messaging: '#be185d', Data: '#047857', Orchestration: '#a15c07', External: '#334155',
};

/** Bring `graph` up to date with `design`; returns the layout it was drawn at. */
export function syncCells({ graph, paper, design, catalogue, icons }) {
  const layout = computeLayout(design);
  const seen = new Set();
  graph.startBatch('sync');
  syncContainers(graph, seen, layout, catalogue);
  syncNodes(graph, seen, layout, design, catalogue, icons);
  syncEdges(graph, paper, seen, design);
  for (const cell of graph.getCells()) if (!seen.has(cell.id)) cell.remove();
  graph.stopBatch('sync');
  return layout;
}

function upsert(graph, seen, id, Ctor, { position, size }, attrs, z) {
  seen.add(id);
  let cell = graph.getCell(id);
  if (!cell) {
    cell = new Ctor({ id, position, size, attrs, z });
    graph.addCell(cell);
    return cell;
  }
  const p = cell.position();
  if (p.x !== position.x || p.y !== position.y) cell.position(position.x, position.y);
  if (size) {
    const sz = cell.size();
    if (sz.width !== size.width || sz.height !== size.height) cell.resize(size.width, size.height);
  }
  for (const [sel, val] of Object.entries(attrs)) {
    for (const [k, v] of Object.entries(val)) if (cell.attr(`${sel}/${k}`) !== v) cell.attr(`${sel}/${k}`, v);
  }
  return cell;
}

const box = (b) => ({ position: { x: b.x, y: b.y }, size: { width: b.w, height: b.h } });

function syncContainers(graph, seen, layout, catalogue) {
  for (const r of layout.regions) {
    const name = catalogue.regionName(r.id);
    upsert(graph, seen, cellIdOf.region(r.id), Region, box(r), { title: { text: name ? `${r.id} · ${name}` : r.id } }, 1);
    upsert(graph, seen, cellIdOf.band(r.id), Band, box(r.band), {}, 2);
    for (const az of r.azs) upsert(graph, seen, cellIdOf.az(az.id), AZ, box(az), { title: { text: az.id } }, 3);
  }
}

function syncNodes(graph, seen, layout, design, catalogue, icons) {
  for (const n of design.nodes) {
    const rect = nodeRect(layout, n);
    const kind = catalogue.kind(n.kind);
    const colour = CATEGORY_COLOURS[kind?.category] || '#475569';
    const sub = subtitle(n, kind);
    const kindLabel = kind?.label || n.kind;
    const whole = sub.startsWith(kindLabel) ? sub : [kindLabel, sub].filter(Boolean).join(' · ');
    upsert(graph, seen, n.id, Node, { position: { x: rect.x, y: rect.y } }, {
      icon: { href: icons[n.kind] || icons.generic || '' },
      label: { text: n.label || n.id },
      sub: { text: sub },
      accent: { fill: colour },
      // the tooltip: the name and subtitle whole, where the card cuts them with an ellipsis
      body: { title: `${n.label || n.id} · ${whole} (${n.id})` },
    }, 10);
  }
}

function syncEdges(graph, paper, seen, design) {
  for (const e of design.edges) {
    const id = cellIdOf.edge(e.id);
    seen.add(id);
    const dashed = e.props?.mode === 'async';
    const p = e.props?.p;
    const labels = p !== undefined && p !== null && p < 1 ? [{ attrs: { text: { text: `p ${p}`, fontSize: 13, fontWeight: 700, fill: '#334155' }, rect: { fill: '#fff' } } }] : [];
    let cell = graph.getCell(id);
    if (!cell) {
      cell = new Edge({ id, source: { id: e.from }, target: { id: e.to }, z: 5 });
      graph.addCell(cell);
    } else {
      if (cell.source().id !== e.from) cell.source({ id: e.from });
      if (cell.target().id !== e.to) cell.target({ id: e.to });
    }
    if ((cell.attr('line/strokeDasharray') || null) !== (dashed ? '9 6' : null)) cell.attr('line/strokeDasharray', dashed ? '9 6' : null);
    const view = paper.findViewByModel(cell);
    if (view) view.el.classList.toggle('is-async', dashed);
    if (JSON.stringify(cell.labels()) !== JSON.stringify(labels)) cell.labels(labels);
  }
}

/** The line under a node's name: its kind, and the AZs it sits in (or its scope). */
function subtitle(node, kind) {
  const label = kind?.label || node.kind;
  const p = node.placement || {};
  if (p.az) return `${label} · ${p.az}`;
  if (Array.isArray(p.azs) && p.azs.length) return `${label} · ${azPlace(p.azs)}`;
  if (!kind) return `unknown kind ${node.kind}`;
  if (node.label === label) return { global: 'global', regional: 'regional', zonal: 'zonal' }[kind.scope] || '';
  return label;
}
