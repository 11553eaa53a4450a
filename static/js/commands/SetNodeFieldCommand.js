/** Change a node's `label` or `placement` (e.g. the AZs a regional service spans). */
import { clone, nodeById } from '../model/design.js';

const FIELDS = new Set(['label', 'placement']);

export class SetNodeFieldCommand {
  constructor(editor, nodeId, field, value) {
    if (!FIELDS.has(field)) throw new Error(`not a node field: ${field}`);
    this.editor = editor;
    this.nodeId = nodeId;
    this.field = field;
    this.newValue = clone(value);
    this.oldValue = clone(nodeById(editor.design, nodeId)?.[field]);
    this.updatable = field === 'label';
    this.mergeKey = `node:${nodeId}:${field}`;
    this.name = `Set ${nodeId} ${field}`;
  }

  set(value) {
    const n = nodeById(this.editor.design, this.nodeId);
    if (value === undefined || value === '') delete n[this.field]; else n[this.field] = clone(value);
  }

  execute() { this.set(this.newValue); }

  undo() { this.set(this.oldValue); }

  update(cmd) { this.newValue = cmd.newValue; this.execute(); }

  toJSON() { return { type: 'SetNodeFieldCommand', node: this.nodeId, field: this.field, value: this.newValue, old: this.oldValue }; }
}
