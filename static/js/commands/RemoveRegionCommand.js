/** Remove a Region and everything placed in it (with their edges). Undo brings them all back. */
import { SnapshotCommand, dropNodes } from './snapshot.js';

export class RemoveRegionCommand extends SnapshotCommand {
  constructor(editor, regionId) {
    super(editor, `Remove Region ${regionId}`, (d) => {
      d.regions = d.regions.filter((r) => r.id !== regionId);
      dropNodes(d, (n) => n.placement?.region === regionId);
    });
  }
}
