/**
 * A puzzle scenario's fix ({"<node id>": {"<prop>": value}}, served with the scenario) read
 * against the learner's design: what it changes, and the design with it applied. Pure, so
 * node --test covers it; the drawer shows the changes and applies them as one undoable step.
 */
import { propTitle } from './catalogue.js';

/** One line per prop the fix sets: where, what, from and to. `missing`: the learner's design no
 * longer has that component (renamed or deleted), so the fix cannot apply there; `done`: it is
 * already set so. */
export function solutionChanges(design, solution, catalogue) {
  const out = [];
  for (const [id, props] of Object.entries(solution || {})) {
    const node = design.nodes.find((n) => n.id === id);
    for (const [name, to] of Object.entries(props || {})) {
      const spec = node ? catalogue.prop(node.kind, name) : null;
      const from = node ? (node.props?.[name] ?? spec?.default ?? null) : null;
      out.push({
        node: id, where: node ? (node.label || id) : id, prop: name, title: spec ? propTitle(spec) : name,
        from, to, missing: !node, done: !!node && JSON.stringify(from) === JSON.stringify(to),
      });
    }
  }
  return out;
}

/** The design with the fix applied to the components it names that are still there. */
export function applySolution(design, solution) {
  const next = JSON.parse(JSON.stringify(design));
  for (const node of next.nodes) {
    const props = solution?.[node.id];
    if (props) node.props = { ...(node.props || {}), ...props };
  }
  return next;
}
