/** Change one prop of a node (undefined removes it, so the catalogue default applies).
 * Typing in the inspector merges into one step per prop (`updatable`). */
import { clone, nodeById } from '../model/design.js';

export class SetNodePropCommand {
  constructor(editor, nodeId, name, value) {
    this.editor = editor;
    this.nodeId = nodeId;
    this.key = name;
    this.newValue = clone(value);
    this.oldValue = clone(nodeById(editor.design, nodeId)?.props?.[name]);
    this.updatable = true;
    this.mergeKey = `node:${nodeId}:${name}`;
    this.name = `Set ${nodeId}.${name}`;
  }

  set(value) {
    const n = nodeById(this.editor.design, this.nodeId);
    if (value === undefined) delete n.props[this.key]; else n.props[this.key] = clone(value);
  }

  execute() { this.set(this.newValue); }

  undo() { this.set(this.oldValue); }

  update(cmd) { this.newValue = cmd.newValue; this.execute(); }

  toJSON() { return { type: 'SetNodePropCommand', node: this.nodeId, prop: this.key, value: this.newValue, old: this.oldValue }; }
}
