/** Change one prop of an edge (`mode`: sync or async, `p`: probability of the call). */
import { clone, edgeById } from '../model/design.js';

export class SetEdgePropCommand {
  constructor(editor, edgeId, name, value) {
    this.editor = editor;
    this.edgeId = edgeId;
    this.key = name;
    this.newValue = clone(value);
    this.oldValue = clone(edgeById(editor.design, edgeId)?.props?.[name]);
    this.updatable = true;
    this.mergeKey = `edge:${edgeId}:${name}`;
    this.name = `Set ${edgeId}.${name}`;
  }

  set(value) {
    const e = edgeById(this.editor.design, this.edgeId);
    if (value === undefined) delete e.props[this.key]; else e.props[this.key] = clone(value);
  }

  execute() { this.set(this.newValue); }

  undo() { this.set(this.oldValue); }

  update(cmd) { this.newValue = cmd.newValue; this.execute(); }

  toJSON() { return { type: 'SetEdgePropCommand', edge: this.edgeId, prop: this.key, value: this.newValue, old: this.oldValue }; }
}
