/** Change a design-level field: `name`, `run.duration`, `run.seed`, `run.warmup`, `goals`, `faults`. */
import { clone } from '../model/design.js';

export class SetDesignFieldCommand {
  constructor(editor, path, value) {
    this.editor = editor;
    this.path = path.split('.');
    this.newValue = clone(value);
    this.oldValue = clone(this.get());
    this.updatable = true;
    this.mergeKey = `design:${path}`;
    this.name = `Set ${path}`;
  }

  get() { return this.path.reduce((o, k) => (o ? o[k] : undefined), this.editor.design); }

  set(value) {
    let o = this.editor.design;
    for (const k of this.path.slice(0, -1)) { if (!o[k] || typeof o[k] !== 'object') o[k] = {}; o = o[k]; }
    const last = this.path[this.path.length - 1];
    if (value === undefined) delete o[last]; else o[last] = clone(value);
  }

  execute() { this.set(this.newValue); }

  undo() { this.set(this.oldValue); }

  update(cmd) { this.newValue = cmd.newValue; this.execute(); }

  toJSON() { return { type: 'SetDesignFieldCommand', path: this.path.join('.'), value: this.newValue, old: this.oldValue }; }
}
