/** A command that swaps the whole document: for rare, sweeping changes (a Region removed, an
 * import, "load theirs"), where recording the before and after is simpler and surely right. */
import { clone } from '../model/design.js';
import { settleLayout } from '../model/layout.js';

export class SnapshotCommand {
  constructor(editor, name, mutate) {
    this.editor = editor;
    this.name = name;
    this.before = clone(editor.design);
    const next = clone(editor.design);
    mutate(next);
    this.after = settleLayout(next);
  }

  execute() { this.editor.design = clone(this.after); }

  undo() { this.editor.design = clone(this.before); }

  toJSON() { return { type: this.constructor.name, name: this.name, before: this.before, after: this.after }; }
}

/** Remove the nodes `pred` picks, and every edge that touches them. */
export function dropNodes(d, pred) {
  const gone = new Set(d.nodes.filter(pred).map((n) => n.id));
  d.nodes = d.nodes.filter((n) => !gone.has(n.id));
  d.edges = d.edges.filter((e) => !gone.has(e.from) && !gone.has(e.to));
}
