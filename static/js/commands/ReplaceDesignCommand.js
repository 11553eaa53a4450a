/** Replace the whole design (import a JSON file, or "load theirs" after a conflict). Undoable. */
import { restore } from '../model/design.js';
import { SnapshotCommand } from './snapshot.js';

export class ReplaceDesignCommand extends SnapshotCommand {
  constructor(editor, doc, name = 'Replace design') {
    const next = restore(doc);
    super(editor, name, (d) => { for (const k of Object.keys(d)) delete d[k]; Object.assign(d, next); });
  }
}
