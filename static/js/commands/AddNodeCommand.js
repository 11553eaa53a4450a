/** Drop a component onto the canvas. */
import { clone } from '../model/design.js';

export class AddNodeCommand {
  constructor(editor, node) {
    this.editor = editor;
    this.node = clone(node);
    this.name = `Add ${node.label || node.id}`;
  }

  execute() {
    this.editor.design.nodes.push(clone(this.node));
    this.editor.select({ nodes: [this.node.id] });
  }

  undo() { this.editor.design.nodes = this.editor.design.nodes.filter((n) => n.id !== this.node.id); }

  toJSON() { return { type: 'AddNodeCommand', node: this.node }; }
}
