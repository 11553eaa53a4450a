/** Delete nodes and edges; a deleted node takes its edges with it. Undo puts everything back
 * where it was, in the same order. */
import { fmtCount } from '../model/words.js';
export class RemoveCellsCommand {
  constructor(editor, { nodes = [], edges = [] }) {
    this.editor = editor;
    const d = editor.design;
    const nodeIds = new Set(nodes);
    const edgeIds = new Set(edges);
    for (const e of d.edges) if (nodeIds.has(e.from) || nodeIds.has(e.to)) edgeIds.add(e.id);
    this.removedNodes = d.nodes.map((n, i) => ({ i, n })).filter(({ n }) => nodeIds.has(n.id));
    this.removedEdges = d.edges.map((e, i) => ({ i, e })).filter(({ e }) => edgeIds.has(e.id));
    this.name = `Delete ${fmtCount(this.removedNodes.length + this.removedEdges.length, 'item')}`;
  }

  execute() {
    const n = new Set(this.removedNodes.map((x) => x.n.id));
    const e = new Set(this.removedEdges.map((x) => x.e.id));
    this.editor.design.nodes = this.editor.design.nodes.filter((x) => !n.has(x.id));
    this.editor.design.edges = this.editor.design.edges.filter((x) => !e.has(x.id));
  }

  undo() {
    for (const { i, n } of this.removedNodes) this.editor.design.nodes.splice(i, 0, n);
    for (const { i, e } of this.removedEdges) this.editor.design.edges.splice(i, 0, e);
  }

  toJSON() {
    return { type: 'RemoveCellsCommand', nodes: this.removedNodes.map((x) => x.n.id), edges: this.removedEdges.map((x) => x.e.id) };
  }
}
