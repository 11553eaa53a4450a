/** Add an Availability Zone to a Region. */
import { SnapshotCommand } from './snapshot.js';

export class AddAZCommand extends SnapshotCommand {
  constructor(editor, regionId, azId) {
    super(editor, `Add AZ ${azId}`, (d) => {
      const r = d.regions.find((x) => x.id === regionId);
      if (r && !r.azs.includes(azId)) r.azs.push(azId);
    });
  }
}
