/** Add and remove Regions and Availability Zones. Removing one removes what runs only there
 * (and its edges); a regional service spanning a removed AZ keeps its other AZs. */
import { SnapshotCommand } from './snapshot.js';

export class AddRegionCommand extends SnapshotCommand {
  constructor(editor, regionId, azs) {
    super(editor, `Add Region ${regionId}`, (d) => { d.regions.push({ id: regionId, azs: [...azs] }); });
  }
}

export class RemoveRegionCommand extends SnapshotCommand {
  constructor(editor, regionId) {
    super(editor, `Remove Region ${regionId}`, (d) => {
      d.regions = d.regions.filter((r) => r.id !== regionId);
      dropNodes(d, (n) => n.placement?.region === regionId);
    });
  }
}

export class AddAZCommand extends SnapshotCommand {
  constructor(editor, regionId, azId) {
    super(editor, `Add AZ ${azId}`, (d) => {
      const r = d.regions.find((x) => x.id === regionId);
      if (r && !r.azs.includes(azId)) r.azs.push(azId);
    });
  }
}

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

function dropNodes(d, pred) {
  const gone = new Set(d.nodes.filter(pred).map((n) => n.id));
  d.nodes = d.nodes.filter((n) => !gone.has(n.id));
  d.edges = d.edges.filter((e) => !gone.has(e.from) && !gone.has(e.to));
}
