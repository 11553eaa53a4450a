/** Connect two components (the catalogue has already said the connection is allowed). */
import { clone } from '../model/design.js';

export class AddEdgeCommand {
  constructor(editor, edge) {
    this.editor = editor;
    this.edge = clone(edge);
    this.name = `Connect ${edge.from} to ${edge.to}`;
  }

  execute() { this.editor.design.edges.push(clone(this.edge)); }

  undo() { this.editor.design.edges = this.editor.design.edges.filter((e) => e.id !== this.edge.id); }

  toJSON() { return { type: 'AddEdgeCommand', edge: this.edge }; }
}
