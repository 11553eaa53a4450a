/** Remove an AZ: what runs only there goes (with its edges); a regional service spanning it keeps
 * its other AZs. */
import { SnapshotCommand, dropNodes } from './snapshot.js';

export class RemoveAZCommand extends SnapshotCommand {
  constructor(editor, regionId, azId) {
    super(editor, `Remove AZ ${azId}`, (d) => {
      const r = d.regions.find((x) => x.id === regionId);
      if (r) r.azs = r.azs.filter((a) => a !== azId);
      dropNodes(d, (n) => n.placement?.az === azId);
      for (const n of d.nodes) {
        if (Array.isArray(n.placement?.azs)) n.placement.azs = n.placement.azs.filter((a) => a !== azId);
      }
    });
  }
}
