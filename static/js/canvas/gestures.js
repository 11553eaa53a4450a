/**
 * The gestures that change the design or pick a part of it, turned into Commands: drag nodes
 * (all the selected ones move together, snapped to the grid or lined up with another card's edge
 * or centre, or with an AZ's or a band's inner edges or centre, with guides; the containers that
 * take the dragged card are highlighted, those that refuse it dimmed; the drop is checked against
 * where each may go, and dropped cards are moved clear of the others and their handles, a
 * multi-selection together, keeping its shape where it can: placement.js), draw an edge from a node's handle to another node, click to select (shift, ctrl or cmd adds), drag a box
 * on the background to select what it covers (shift, or the box tool). While a run plays, a click
 * on a node, a container or an edge goes to the live run instead (the fault menu, the node card).
 * A drag on the background, a Region or an AZ pans the view (pan.js).
 */
import { containerOfCell, edgeIdOfCell } from './cells.js';
import { dropPlacement, nodeRect, NODE_W, NODE_H } from '../model/layout.js';
import { alignTo, clearGroup, containerLines, ALIGN_PX } from '../model/placement.js';
import { freshEdgeId, nodeById } from '../model/design.js';
import { AddEdgeCommand, MoveNodesCommand } from '../commands/index.js';

const adds = (evt) => evt.shiftKey || evt.metaKey || evt.ctrlKey;

export class EditGestures {
  constructor(canvas) {
    this.canvas = canvas;
    this.editor = canvas.editor;
    this.drag = null;
    const paper = canvas.paper;
    paper.on('element:pointerdown', (view, evt) => this.onElementDown(view, evt));
    paper.on('element:pointermove', (view) => this.onElementMove(view));
    paper.on('element:pointerup', (view) => this.onElementUp(view));
    paper.on('element:pointerclick', (view, evt) => this.onElementClick(view, evt));
    paper.on('link:pointerclick', (view, evt) => this.onLinkClick(view, evt));
    paper.on('link:connect', (linkView) => this.onConnect(linkView));
    paper.on('blank:pointerdown', (evt) => this.onBlankDown(evt));
    paper.on('blank:pointerclick', () => { if (canvas.mode === 'design') this.editor.clearSelection(); });
    // A pointer coming down finds the diagram where it is drawn (JointJS maps points through the SVG).
    canvas.host.addEventListener('pointerdown', () => canvas.viewport.settle(), true);
  }

  onElementDown(view, evt) {
    const model = view.model;
    if (model.get('type') !== 'pg.Node') { // Regions and AZs are background: pan or box-select from them
      this.onBlankDown(evt);
      return;
    }
    if (this.canvas.mode !== 'design') return;
    const id = String(model.id);
    if (!this.editor.isSelected(id)) this.editor.select({ nodes: [id] }, { add: adds(evt) });
    const graph = this.canvas.graph;
    this.drag = {
      id,
      start: new Map(this.editor.selection.nodes.map((nid) => [nid, { ...graph.getCell(nid)?.position() }])),
      moved: false,
    };
  }

  /** JointJS moves the node under the pointer; the rest of the selection follows it. */
  onElementMove(view) {
    const drag = this.drag;
    if (!drag || view.model.id !== drag.id) return;
    const canvas = this.canvas;
    const origin = drag.start.get(drag.id);
    if (!drag.moved) {
      drag.moved = true;
      const node = nodeById(this.editor.design, drag.id);
      const scope = this.editor.catalogue.kind(node?.kind)?.scope || 'global';
      canvas.hints.start(scope);
      drag.others = [
        ...this.editor.design.nodes.filter((n) => !drag.start.has(n.id)).map((n) => nodeRect(canvas.layout, n)),
        ...containerLines(canvas.layout, scope),
      ];
    }
    // JointJS has put it on the grid (the paper's gridSize); a line of another card or of a
    // container (an AZ's or a band's inner edges and centre) within a few screen pixels pulls it there instead.
    const p = view.model.position();
    const a = alignTo({ x: p.x, y: p.y, w: NODE_W, h: NODE_H }, drag.others, ALIGN_PX / canvas.view.s);
    if (a.x !== p.x || a.y !== p.y) view.model.position(a.x, a.y);
    canvas.hints.guides(a.guides);
    for (const [nid, start] of drag.start) {
      if (nid !== drag.id) canvas.graph.getCell(nid)?.position(start.x + a.x - origin.x, start.y + a.y - origin.y);
    }
  }

  /** One MoveNodesCommand for the whole selection, or none (and the picture put back) if any
   * node was dropped where it may not go. */
  onElementUp(view) {
    const drag = this.drag;
    this.drag = null;
    if (!drag || !drag.moved || view.model.id !== drag.id) return;
    const { editor, canvas } = this;
    canvas.hints.end();
    canvas.hints.guides([]);
    const moves = [];
    for (const nid of drag.start.keys()) {
      const node = nodeById(editor.design, nid);
      const cell = canvas.graph.getCell(nid);
      if (!node || !cell) continue;
      const kind = editor.catalogue.kind(node.kind);
      const res = dropPlacement(canvas.layout, { scope: kind?.scope || 'global', label: kind?.label || node.kind }, cell.position(), node.placement);
      if (!res.ok) {
        editor.toast(res.reason, 'warn');
        canvas.sync();
        return;
      }
      moves.push({ id: nid, ui: res.ui, placement: res.placement });
    }
    // Every card dropped clear of the cards that stay, the selection moved as one where it can.
    if (moves.length) editor.execute(new MoveNodesCommand(editor, clearGroup(editor.design, canvas.layout, moves)));
  }

  onElementClick(view, evt) {
    const canvas = this.canvas;
    const id = String(view.model.id);
    if (view.model.get('type') === 'pg.Node') {
      if (canvas.mode === 'run' && canvas.onNodeClick) canvas.onNodeClick(id, evt);
      return;
    }
    const container = containerOfCell(id);
    if (!container) return;
    if (canvas.mode === 'run') { if (canvas.onContainerClick) canvas.onContainerClick(container.type, container.id, evt); return; }
    this.editor.select({ container });
  }

  onLinkClick(view, evt) {
    const id = edgeIdOfCell(view.model.id);
    if (this.canvas.mode === 'design') this.editor.select({ edges: [id] }, { add: adds(evt) });
    else if (this.canvas.onEdgeClick) this.canvas.onEdgeClick(id);
  }

  /** A link drawn from a handle to a node becomes an AddEdgeCommand if the catalogue allows the
   * call and the design has no such edge yet; the drawn link itself is always removed. */
  onConnect(linkView) {
    const editor = this.editor;
    const link = linkView.model;
    const from = link.source().id;
    const to = link.target().id;
    link.remove();
    const a = nodeById(editor.design, from);
    const b = nodeById(editor.design, to);
    if (!a || !b) return;
    const verdict = editor.catalogue.canConnect(a.kind, b.kind);
    if (!verdict.ok) { editor.toast(verdict.reason, 'warn'); return; }
    if (editor.design.edges.some((e) => e.from === from && e.to === to)) {
      editor.toast(`${a.label || a.id} already calls ${b.label || b.id}.`, 'info');
      return;
    }
    editor.execute(new AddEdgeCommand(editor, { id: freshEdgeId(editor.design), from, to, props: {} }));
  }

  onBlankDown(evt) {
    // JointJS hands over a TouchEvent for a finger (no clientX, no pointerType): read the finger.
    const e = evt.originalEvent || evt;
    const touch = e.type?.startsWith('touch') || e.pointerType === 'touch';
    const pan = this.canvas.viewGestures;
    if (touch && pan.pinching()) return; // the second finger of a pinch
    const at = e.changedTouches?.[0] || e;
    if (this.canvas.mode === 'design' && !touch && (e.shiftKey || this.canvas.boxTool)) this.startBox(e);
    else pan.startPan({ clientX: at.clientX, clientY: at.clientY, touch });
  }

  /** A rubber band from where the pointer came down; on release the nodes it overlaps are selected. */
  startBox(e) {
    const canvas = this.canvas;
    const hostRect = canvas.host.getBoundingClientRect();
    const band = document.createElement('div');
    band.className = 'pg-rubber';
    canvas.host.appendChild(band);
    const x0 = e.clientX;
    const y0 = e.clientY;
    const draw = (x1, y1) => {
      Object.assign(band.style, { left: `${Math.min(x0, x1) - hostRect.left}px`, top: `${Math.min(y0, y1) - hostRect.top}px`, width: `${Math.abs(x1 - x0)}px`, height: `${Math.abs(y1 - y0)}px` });
    };
    draw(x0, y0);
    const move = (ev) => draw(ev.clientX, ev.clientY);
    const up = (ev) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      band.remove();
      canvas.viewport.settle();
      const a = canvas.paper.clientToLocalPoint(Math.min(x0, ev.clientX), Math.min(y0, ev.clientY));
      const b = canvas.paper.clientToLocalPoint(Math.max(x0, ev.clientX), Math.max(y0, ev.clientY));
      const ids = this.editor.design.nodes.filter((n) => {
        const r = nodeRect(canvas.layout, n);
        return r.x < b.x && r.x + r.w > a.x && r.y < b.y && r.y + r.h > a.y;
      }).map((n) => n.id);
      this.editor.select({ nodes: ids }, { add: e.shiftKey && !canvas.boxTool });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }
}
