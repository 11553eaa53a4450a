/**
 * Components from the palette: dropped at a point (a drag from the palette), or added without
 * dragging (a tap on a tablet, Enter on a keyboard) at the first place their scope allows. Where a
 * component may go is the layout's word (`dropPlacement`); a refused drop says why in a toast.
 */
import { dropPlacement, NODE_W, NODE_H } from '../model/layout.js';
import { freshId } from '../model/design.js';
import { defaultLabel } from '../model/words.js';
import { AddNodeCommand } from '../commands/index.js';

/** Drop a palette item at a client point. Returns {ok, reason}. */
export function dropKind(canvas, kind, clientX, clientY) {
  const editor = canvas.editor;
  const info = editor.catalogue.kind(kind);
  if (!info) return { ok: false, reason: `Unknown component ${kind}` };
  canvas.viewport.settle();
  const p = canvas.paper.clientToLocalPoint(clientX, clientY);
  const topLeft = { x: p.x - NODE_W / 2, y: p.y - NODE_H / 2 };
  const res = dropPlacement(canvas.layout, { scope: info.scope, label: info.label }, topLeft);
  if (!res.ok) { editor.toast(res.reason, 'warn'); return res; }
  const id = freshId(editor.design, kind.replace(/_/g, '-'));
  editor.execute(new AddNodeCommand(editor, { id, kind, label: defaultLabel(editor.design.nodes, info.label), placement: res.placement, props: {}, ui: res.ui }));
  return res;
}

/** Add a component without dragging: in the first AZ (zonal), the first Region's band (regional),
 * or below the global components left of the Regions. */
export function addKind(canvas, kind) {
  const design = canvas.editor.design;
  const info = canvas.editor.catalogue.kind(kind);
  const layout = canvas.layout;
  const region = layout.regions[0];
  let target;
  if (info.scope === 'zonal' && region?.azs.length) {
    const az = region.azs[0];
    target = { x: az.x + az.w / 2, y: az.y + az.h - NODE_H / 2 - 24 };
  } else if (info.scope === 'regional' && region) target = { x: region.band.x + region.band.w / 2, y: region.band.y + region.band.h - NODE_H / 2 - 8 };
  else target = { x: 40 + NODE_W / 2, y: (region?.y || 40) + 60 + design.nodes.filter((n) => !n.placement?.region).length * (NODE_H + 40) };
  const c = canvas.paper.localToClientPoint(target.x, target.y);
  return dropKind(canvas, kind, c.x, c.y);
}
