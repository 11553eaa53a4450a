/** Move one or more nodes: a new position and, when dropped into another AZ or Region, a new placement. */
import { clone, nodeById } from '../model/design.js';

export class MoveNodesCommand {
  /** moves: [{id, ui, placement}] */
  constructor(editor, moves) {
    this.editor = editor;
    this.moves = clone(moves);
    this.old = moves.map((m) => {
      const n = nodeById(editor.design, m.id);
      return { id: m.id, ui: clone(n.ui), placement: clone(n.placement) };
    });
    this.name = moves.length === 1 ? `Move ${moves[0].id}` : `Move ${moves.length} components`;
  }

  apply(list) {
    for (const m of list) {
      const n = nodeById(this.editor.design, m.id);
      if (!n) continue;
      if (m.ui) n.ui = clone(m.ui); else delete n.ui;
      if (m.placement) n.placement = clone(m.placement);
    }
  }

  execute() { this.apply(this.moves); }

  undo() { this.apply(this.old); }

  toJSON() { return { type: 'MoveNodesCommand', moves: this.moves }; }
}
