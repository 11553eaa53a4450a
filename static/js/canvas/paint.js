/**
 * What the editor knows about the design, painted on the diagram's cells as classes: the
 * selection (`is-selected`) and the problems the server found (`has-problem`, the red badge on a
 * node, and `data-problems` with their text for a tooltip and for tests).
 */
import { cellIdOf } from './cells.js';
import { problemsByTarget, describe } from '../model/problems.js';

export function paintSelection({ graph, paper }, selection) {
  const on = new Set([...selection.nodes, ...selection.edges.map(cellIdOf.edge)]);
  if (selection.container) on.add(cellIdOf[selection.container.type](selection.container.id));
  for (const cell of graph.getCells()) {
    const v = paper.findViewByModel(cell);
    if (v) v.el.classList.toggle('is-selected', on.has(cell.id));
  }
}

export function paintProblems({ graph, paper }, design, problems) {
  const byTarget = problemsByTarget(design, problems);
  const viewOf = (id) => paper.findViewByModel(id);
  for (const n of design.nodes) {
    const cell = graph.getCell(n.id);
    if (!cell) continue;
    const list = byTarget.nodes.get(n.id) || [];
    cell.attr('badge/display', list.length ? 'block' : 'none');
    cell.attr('badge/title', list.map(describe).join('\n'));
    const v = viewOf(n.id);
    if (v) { v.el.classList.toggle('has-problem', list.length > 0); v.el.dataset.problems = list.map(describe).join(' | '); }
  }
  for (const e of design.edges) {
    const v = viewOf(cellIdOf.edge(e.id));
    if (v) v.el.classList.toggle('has-problem', byTarget.edges.has(e.id));
  }
  for (const [id, list] of byTarget.regions) {
    const v = viewOf(cellIdOf.region(id)) || viewOf(cellIdOf.az(id));
    if (v) { v.el.classList.add('has-problem'); v.el.dataset.problems = list.map(describe).join(' | '); }
  }
  return byTarget;
}
