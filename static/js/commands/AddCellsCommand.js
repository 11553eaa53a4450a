/** Add several nodes and the edges between them at once (paste). One undo step. */
import { clone } from '../model/design.js';

export class AddCellsCommand {
  constructor(editor, { nodes = [], edges = [] }, name = 'Paste') {
    this.editor = editor;
    this.nodes = clone(nodes);
    this.edges = clone(edges);
    this.name = name;
  }

  execute() {
    this.editor.design.nodes.push(...clone(this.nodes));
    this.editor.design.edges.push(...clone(this.edges));
    this.editor.select({ nodes: this.nodes.map((n) => n.id) });
  }

  undo() {
    const n = new Set(this.nodes.map((x) => x.id));
    const e = new Set(this.edges.map((x) => x.id));
    this.editor.design.nodes = this.editor.design.nodes.filter((x) => !n.has(x.id));
    this.editor.design.edges = this.editor.design.edges.filter((x) => !e.has(x.id));
  }

  toJSON() { return { type: 'AddCellsCommand', nodes: this.nodes, edges: this.edges }; }
}
