/**
 * A challenge's fix, served with the scenario, read against the learner's design: what it
 * changes, and the design with it applied. The fix is a change in the form of
 * playground/scenarios/patches.py: {props, placement, remove, add_nodes, add_edges}, each
 * optional. Pure, so node --test covers it; the drawer shows the changes and applies them as
 * one undoable step, to what the learner's design still has.
 */
import { propTitle } from './catalogue.js';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const byId = (items, id) => items.find((x) => x.id === id);
const name = (design, id) => { const n = byId(design.nodes, id); return n ? (n.label || n.id) : id; };
const linked = (design, from, to) => (design.edges || []).some((e) => e.from === from && e.to === to);

/** Whether the thing `id` names in the design is already what the fix puts there under that id
 * (a fix may remove a connection and add its replacement under the same id): then removing it
 * is done, not to do. */
function replaced(design, fix, id) {
  const edge = byId(design.edges || [], id);
  const added = byId(fix.add_edges || [], id);
  if (edge && added) return edge.from === added.from && edge.to === added.to;
  const node = byId(design.nodes, id);
  const addedNode = byId(fix.add_nodes || [], id);
  return !!(node && addedNode && node.kind === addedNode.kind);
}

/** One line per change the fix makes: `where` and `title` say what, `from`/`to` the values of a
 * prop or placement, `text` the words of an addition or removal. `missing`: the learner's design
 * no longer has what the change needs (renamed or deleted), so it cannot apply there; `done`:
 * the design already has it so. */
export function solutionChanges(design, solution, catalogue) {
  const fix = solution || {};
  const out = [];
  for (const id of fix.remove || []) {
    const there = byId(design.nodes, id) || byId(design.edges || [], id);
    const edge = byId(design.edges || [], id);
    const done = !there || replaced(design, fix, id);
    const what = edge && !done ? `the connection ${name(design, edge.from)} → ${name(design, edge.to)}` : edge ? 'the old connection' : name(design, id);
    out.push({ kind: 'remove', node: id, where: what, title: 'Remove', text: `remove ${what}`, missing: false, done });
  }
  for (const node of fix.add_nodes || []) {
    const what = node.label || node.id;
    out.push({ kind: 'add', node: node.id, where: what, title: 'Add', text: `add ${catalogue.label(node.kind)} “${what}”`, missing: false, done: !!byId(design.nodes, node.id) });
  }
  const adding = new Map((fix.add_nodes || []).map((n) => [n.id, n]));
  const label = (id) => adding.get(id)?.label || name(design, id);
  for (const edge of fix.add_edges || []) {
    const ends = [edge.from, edge.to].every((id) => byId(design.nodes, id) || adding.has(id));
    out.push({ kind: 'connect', node: edge.id, where: `${label(edge.from)} → ${label(edge.to)}`, title: 'Connect',
      text: `connect ${label(edge.from)} → ${label(edge.to)}`, missing: !ends, done: ends && linked(design, edge.from, edge.to) });
  }
  for (const [id, place] of Object.entries(fix.placement || {})) {
    const node = byId(design.nodes, id);
    const from = node ? { ...(node.placement || {}) } : null;
    const to = { ...(from || {}), ...place };
    out.push({ kind: 'place', node: id, where: name(design, id), title: 'Placement', from, to, missing: !node, done: !!node && same(from, to) });
  }
  for (const [id, props] of Object.entries(fix.props || {})) {
    const node = byId(design.nodes, id) || adding.get(id);
    for (const [prop, to] of Object.entries(props || {})) {
      const spec = node ? catalogue.prop(node.kind, prop) : null;
      const from = node ? (node.props?.[prop] ?? spec?.default ?? null) : null;
      out.push({
        kind: 'prop', node: id, where: node ? (node.label || id) : id, prop, title: spec ? propTitle(spec) : prop,
        from, to, missing: !node, done: !!node && !adding.has(id) && same(from, to),
      });
    }
  }
  return out;
}

/** The design with the fix applied to what is still there: a component the learner removed is
 * not brought back (but one the fix adds is), a connection that is already drawn is not drawn
 * twice, and an id the learner already uses for something else is not reused. */
export function applySolution(design, solution) {
  const fix = solution || {};
  const next = JSON.parse(JSON.stringify(design));
  next.edges = next.edges || [];
  const gone = new Set((fix.remove || []).filter((id) => !replaced(next, fix, id)));
  next.nodes = next.nodes.filter((n) => !gone.has(n.id));
  next.edges = next.edges.filter((e) => !gone.has(e.id) && !gone.has(e.from) && !gone.has(e.to));
  for (const node of fix.add_nodes || []) {
    if (!byId(next.nodes, node.id)) next.nodes.push(JSON.parse(JSON.stringify(node)));
  }
  for (const edge of fix.add_edges || []) {
    const ends = byId(next.nodes, edge.from) && byId(next.nodes, edge.to);
    if (!ends || linked(next, edge.from, edge.to)) continue;
    let id = edge.id;
    for (let i = 2; byId(next.edges, id); i += 1) id = `${edge.id}-${i}`;
    next.edges.push({ ...JSON.parse(JSON.stringify(edge)), id });
  }
  for (const node of next.nodes) {
    const place = fix.placement?.[node.id];
    if (place) node.placement = { ...(node.placement || {}), ...place };
    const props = fix.props?.[node.id];
    if (props) node.props = { ...(node.props || {}), ...props };
  }
  return next;
}
