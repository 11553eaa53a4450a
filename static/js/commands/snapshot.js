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
