/**
 * The Editor: one object that holds the design, the catalogue, the selection and the history,
 * and a handful of signals (three.js-editor style). Every change to the design is a Command run
 * through `execute`, so undo/redo, autosave and the canvas all hang off one mechanism.
 * No DOM here: node --test drives it directly.
 */
import { Signal } from './model/signal.js';
import { Catalogue } from './model/catalogue.js';
import { emptyDesign, restore, serialize } from './model/design.js';
import { settleLayout } from './model/layout.js';

const MERGE_MS = 800;

export class Editor {
  constructor({ catalogue, design, readOnly = false } = {}) {
    this.catalogue = catalogue instanceof Catalogue ? catalogue : new Catalogue(catalogue);
    this.design = settleLayout(restore(design || emptyDesign()));
    this.readOnly = readOnly;
    this.selection = { nodes: [], edges: [], container: null };
    this.problems = [];
    this.undos = [];
    this.redos = [];
    this.signals = {
      designChanged: new Signal(), // (command | null)
      designReplaced: new Signal(),
      selectionChanged: new Signal(),
      historyChanged: new Signal(),
      problemsChanged: new Signal(),
      toast: new Signal(), // (message, kind)
      fitRequested: new Signal(), // the canvas should show everything (after a Region was added)
    };
  }

  // ---- history -------------------------------------------------------------
  execute(cmd) {
    if (this.readOnly) { this.toast('This is a read-only copy: fork it to change it.', 'warn'); return false; }
    const last = this.undos[this.undos.length - 1];
    const now = Date.now();
    if (cmd.updatable && last && last.updatable && last.mergeKey === cmd.mergeKey && now - last.time < MERGE_MS) {
      last.update(cmd);
      last.time = now;
    } else {
      cmd.execute();
      cmd.time = now;
      this.undos.push(cmd);
      if (this.undos.length > 200) this.undos.shift();
    }
    this.redos = [];
    this.changed(cmd);
    this.signals.historyChanged.dispatch();
    return true;
  }

  undo() {
    const cmd = this.undos.pop();
    if (!cmd) return;
    cmd.undo();
    this.redos.push(cmd);
    this.changed(cmd);
    this.signals.historyChanged.dispatch();
  }

  redo() {
    const cmd = this.redos.pop();
    if (!cmd) return;
    cmd.execute();
    this.undos.push(cmd);
    this.changed(cmd);
    this.signals.historyChanged.dispatch();
  }

  canUndo() { return this.undos.length > 0; }
  canRedo() { return this.redos.length > 0; }

  changed(cmd = null) {
    this.pruneSelection();
    this.signals.designChanged.dispatch(cmd);
  }

  /** Replace the whole document without a history entry (load from the server, open a draft). */
  load(doc, { keepHistory = false } = {}) {
    this.design = settleLayout(restore(doc));
    if (!keepHistory) { this.undos = []; this.redos = []; }
    this.selection = { nodes: [], edges: [], container: null };
    this.problems = [];
    this.signals.designReplaced.dispatch();
    this.signals.designChanged.dispatch(null);
    this.signals.selectionChanged.dispatch();
    this.signals.problemsChanged.dispatch();
    this.signals.historyChanged.dispatch();
  }

  toJSON() { return serialize(this.design); }

  // ---- selection -----------------------------------------------------------
  select({ nodes = [], edges = [], container = null } = {}, { add = false } = {}) {
    if (add) {
      const toggle = (list, ids) => { for (const id of ids) { const i = list.indexOf(id); if (i >= 0) list.splice(i, 1); else list.push(id); } };
      toggle(this.selection.nodes, nodes);
      toggle(this.selection.edges, edges);
      this.selection.container = null;
    } else {
      this.selection = { nodes: [...nodes], edges: [...edges], container };
    }
    this.signals.selectionChanged.dispatch();
  }

  clearSelection() { this.select({}); }

  isSelected(id) { return this.selection.nodes.includes(id) || this.selection.edges.includes(id); }

  pruneSelection() {
    const n = new Set(this.design.nodes.map((x) => x.id));
    const e = new Set(this.design.edges.map((x) => x.id));
    const before = this.selection.nodes.length + this.selection.edges.length;
    this.selection.nodes = this.selection.nodes.filter((id) => n.has(id));
    this.selection.edges = this.selection.edges.filter((id) => e.has(id));
    if (this.selection.nodes.length + this.selection.edges.length !== before) this.signals.selectionChanged.dispatch();
  }

  // ---- problems and messages -----------------------------------------------
  setProblems(problems) {
    this.problems = Array.isArray(problems) ? problems : [];
    this.signals.problemsChanged.dispatch();
  }

  toast(message, kind = 'info') { this.signals.toast.dispatch(message, kind); }
}
