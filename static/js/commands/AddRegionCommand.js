/** Add a Region with its AZs. */
import { SnapshotCommand } from './snapshot.js';

export class AddRegionCommand extends SnapshotCommand {
  constructor(editor, regionId, azs) {
    super(editor, `Add Region ${regionId}`, (d) => { d.regions.push({ id: regionId, azs: [...azs] }); });
  }
}
