/**
 * Components from the palette: dropped at a point (a drag from the palette), or added without
 * dragging (a tap on a tablet, Enter on a keyboard) at the first free slot of their container
 * (placement.js `freeSlot`). Where a component may go is the layout's word (`dropPlacement`); a
 * refused drop says why in a toast. A drop is moved to the nearest spot clear of the other cards
 * (their connect handles and live figures), and the view follows: fitted again if nobody moved it
 * since its last fit and the design has outgrown it, else panned to show the new card.
 */
import { dropPlacement, nodeRect, contentBounds, NODE_W, NODE_H } from '../model/layout.js';
import { freeSlot, nearestClear } from '../model/placement.js';
import { freshId, nodeById } from '../model/design.js';
import { defaultLabel } from '../model/words.js';
import { AddNodeCommand } from '../commands/index.js';

const FIT_SLACK = 24; // px: a design this close to the screen's edge is fitted again

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
  return add(canvas, kind, res.placement, nearestClear(editor.design, canvas.layout, res.placement, res.ui));
}

/** Add a component without dragging, at the first free slot its scope allows. */
export function addKind(canvas, kind) {
  const editor = canvas.editor;
  const info = editor.catalogue.kind(kind);
  if (!info) return { ok: false, reason: `Unknown component ${kind}` };
  const res = freeSlot(editor.design, { scope: info.scope, label: info.label });
  if (!res.ok) { editor.toast(res.reason, 'warn'); return res; }
  return add(canvas, kind, res.placement, res.ui);
}

function add(canvas, kind, placement, ui) {
  const editor = canvas.editor;
  const id = freshId(editor.design, kind.replace(/_/g, '-'));
  const label = defaultLabel(editor.design.nodes, editor.catalogue.kind(kind).label); // kind names, numbered
  if (!editor.execute(new AddNodeCommand(editor, { id, kind, label, placement, props: {}, ui }))) return { ok: false, reason: 'read-only' };
  // The view follows: a view nobody has moved since it was fitted is fitted again when the design
  // outgrows it; otherwise it pans (as little as it takes) to show the new card.
  const node = nodeById(editor.design, id);
  const vp = canvas.viewport;
  if (vp.isFitted()) { if (!vp.shows(contentBounds(editor.design, canvas.layout), FIT_SLACK)) canvas.fit(); } else if (node) vp.reveal(nodeRect(canvas.layout, node));
  return { ok: true, placement, ui, id };
}
