/**
 * The canvas: a JointJS paper that draws the Editor's design and turns gestures into Commands.
 * The design is the truth; the JointJS graph is a picture of it, re-synced (by diff) after
 * every change. Pan, zoom, fit, box select and touch are ours (JointJS's are paid add-ons).
 */
import { Node, Region, Band, AZ, Edge, cellNamespace } from './shapes.js';
import { computeLayout, nodeRect, dropPlacement, contentBounds, NODE_W, NODE_H, LOD_FAR, LOD_VERY_FAR } from '../model/layout.js';
import { freshId, freshEdgeId, nodeById } from '../model/design.js';
import { problemsByTarget, describe } from '../model/problems.js';
import { AddNodeCommand, AddEdgeCommand, MoveNodesCommand } from '../commands/index.js';

const { dia } = window.joint;

export const CATEGORY_COLOURS = {
  Clients: '#475569', 'Edge & DNS': '#6d28d9', 'Load balancing': '#0e63a8', Compute: '#c2410c',
  Messaging: '#be185d', Data: '#047857', Orchestration: '#a15c07', External: '#334155',
};

const EDGE_PREFIX = '@e/';
const cellIdOf = { region: (id) => `@r/${id}`, band: (id) => `@b/${id}`, az: (id) => `@az/${id}` };

export class Canvas {
  constructor(editor, host, { icons = {}, readOnly = false } = {}) {
    this.editor = editor;
    this.host = host;
    this.icons = icons;
    this.readOnly = readOnly;
    this.mode = 'design'; // 'design' | 'run'
    this.view = { s: 1, tx: 0, ty: 0 };
    this.viewListeners = []; // (view) => ..., after every pan and zoom
    this.commitListeners = []; // (view) => ..., when the diagram itself is redrawn at a new view
    this.syncListeners = []; // () => ..., after the diagram was re-synced to the design (shapes may have moved)
    this.committed = null; // the view the SVG is drawn at; a pan moves layers on top of it
    this.onNodeClick = null; // set by the live run: (nodeId) => ...
    this.onContainerClick = null; // (type, id) => ...
    this.graph = new dia.Graph({}, { cellNamespace });
    this.grid = document.createElement('div'); // the dot grid, a layer of its own (cheap to pan)
    this.grid.className = 'pg-grid';
    host.appendChild(this.grid);
    const paperEl = document.createElement('div');
    paperEl.className = 'pg-paper';
    host.appendChild(paperEl);
    this.panLayers = [paperEl]; // moved by a CSS transform while panning (the flow layer joins)
    this.paper = new dia.Paper({
      el: paperEl,
      model: this.graph,
      width: '100%',
      height: '100%',
      gridSize: 8,
      drawGrid: false, // the dot grid is our own layer (cheap to pan)
      cellViewNamespace: cellNamespace,
      sorting: dia.Paper.sorting.APPROX,
      linkPinning: false,
      snapLinks: { radius: 36 },
      markAvailable: true,
      defaultLink: () => new Edge(),
      defaultConnectionPoint: { name: 'boundary', args: { offset: 2 } },
      defaultConnector: { name: 'rounded' },
      clickThreshold: 4,
      moveThreshold: 4,
      validateConnection: (sv, _sm, tv) => !!tv && sv !== tv && tv.model.get('type') === 'pg.Node' && this.mode === 'design',
      validateMagnet: () => this.mode === 'design' && !this.readOnly,
      interactive: (view) => this.interactive(view),
    });
    this.paper.svg.style.overflow = 'visible'; // drawn past its box: a pan by transform shows no empty edge
    this.bindGestures();
    this.bindEditor();
    this.sync();
  }

  interactive(view) {
    const isNode = view.model.get('type') === 'pg.Node';
    if (view.model.isLink()) return { linkMove: false, labelMove: false, vertexAdd: false, vertexMove: false, arrowheadMove: false, useLinkTools: false };
    return { elementMove: isNode && this.mode === 'design' && !this.readOnly, addLinkFromMagnet: this.mode === 'design' && !this.readOnly };
  }

  bindEditor() {
    const s = this.editor.signals;
    s.designChanged.add(() => this.sync());
    s.selectionChanged.add(() => this.paintSelection());
    s.problemsChanged.add(() => this.paintProblems());
    s.designReplaced.add(() => requestAnimationFrame(() => this.fit()));
    s.fitRequested.add(() => requestAnimationFrame(() => this.fit()));
  }

  // ---- drawing ---------------------------------------------------------------
  sync() {
    const d = this.editor.design;
    const cat = this.editor.catalogue;
    const layout = computeLayout(d);
    this.layout = layout;
    const seen = new Set();
    const upsert = (id, Ctor, props, attrs, z) => {
      seen.add(id);
      let cell = this.graph.getCell(id);
      if (!cell) {
        cell = new Ctor({ id, position: props.position, size: props.size, attrs, z, ...props.extra });
        this.graph.addCell(cell);
        return cell;
      }
      const p = cell.position();
      if (p.x !== props.position.x || p.y !== props.position.y) cell.position(props.position.x, props.position.y);
      if (props.size) { const sz = cell.size(); if (sz.width !== props.size.width || sz.height !== props.size.height) cell.resize(props.size.width, props.size.height); }
      for (const [sel, val] of Object.entries(attrs)) {
        for (const [k, v] of Object.entries(val)) if (cell.attr(`${sel}/${k}`) !== v) cell.attr(`${sel}/${k}`, v);
      }
      return cell;
    };
    this.graph.startBatch('sync');
    for (const r of layout.regions) {
      const name = cat.regionName(r.id);
      upsert(cellIdOf.region(r.id), Region, { position: { x: r.x, y: r.y }, size: { width: r.w, height: r.h } },
        { title: { text: name ? `${r.id} · ${name}` : r.id } }, 1);
      upsert(cellIdOf.band(r.id), Band, { position: { x: r.band.x, y: r.band.y }, size: { width: r.band.w, height: r.band.h } }, {}, 2);
      for (const az of r.azs) {
        upsert(cellIdOf.az(az.id), AZ, { position: { x: az.x, y: az.y }, size: { width: az.w, height: az.h } }, { title: { text: az.id } }, 3);
      }
    }
    for (const n of d.nodes) {
      const rect = nodeRect(layout, n);
      const kind = cat.kind(n.kind);
      const colour = CATEGORY_COLOURS[kind?.category] || '#475569';
      upsert(n.id, Node, { position: { x: rect.x, y: rect.y } }, {
        icon: { href: this.icons[n.kind] || this.icons.generic || '' },
        label: { text: n.label || n.id },
        sub: { text: subtitle(n, kind) },
        accent: { fill: colour },
        body: { title: `${n.label || n.id} · ${kind?.label || n.kind} (${n.id})` },
      }, 10);
    }
    for (const e of d.edges) {
      const id = EDGE_PREFIX + e.id;
      seen.add(id);
      const dashed = e.props?.mode === 'async';
      const p = e.props?.p;
      const labels = p !== undefined && p !== null && p < 1 ? [{ attrs: { text: { text: `p ${p}`, fontSize: 13, fontWeight: 700, fill: '#334155' }, rect: { fill: '#fff' } } }] : [];
      let cell = this.graph.getCell(id);
      if (!cell) {
        cell = new Edge({ id, source: { id: e.from }, target: { id: e.to }, z: 5 });
        this.graph.addCell(cell);
      } else {
        if (cell.source().id !== e.from) cell.source({ id: e.from });
        if (cell.target().id !== e.to) cell.target({ id: e.to });
      }
      if ((cell.attr('line/strokeDasharray') || null) !== (dashed ? '9 6' : null)) cell.attr('line/strokeDasharray', dashed ? '9 6' : null);
      const view = this.paper.findViewByModel(cell);
      if (view) view.el.classList.toggle('is-async', dashed);
      if (JSON.stringify(cell.labels()) !== JSON.stringify(labels)) cell.labels(labels);
    }
    for (const cell of this.graph.getCells()) if (!seen.has(cell.id)) cell.remove();
    this.graph.stopBatch('sync');
    this.host.classList.toggle('with-halo', d.nodes.length < 120);
    this.paintSelection();
    this.paintProblems();
    for (const fn of this.syncListeners) fn();
    if (this.afterSync) this.afterSync();
  }

  viewOf(id) { return this.paper.findViewByModel(id); }
  edgeViewOf(edgeId) { return this.paper.findViewByModel(EDGE_PREFIX + edgeId); }
  containerViewOf(type, id) { return this.paper.findViewByModel(cellIdOf[type](id)); }

  paintSelection() {
    const sel = this.editor.selection;
    const on = new Set([...sel.nodes, ...sel.edges.map((e) => EDGE_PREFIX + e)]);
    if (sel.container) on.add(cellIdOf[sel.container.type](sel.container.id));
    for (const cell of this.graph.getCells()) {
      const v = this.paper.findViewByModel(cell);
      if (v) v.el.classList.toggle('is-selected', on.has(cell.id));
    }
  }

  paintProblems() {
    const byTarget = problemsByTarget(this.editor.design, this.editor.problems);
    for (const n of this.editor.design.nodes) {
      const cell = this.graph.getCell(n.id);
      if (!cell) continue;
      const list = byTarget.nodes.get(n.id) || [];
      cell.attr('badge/display', list.length ? 'block' : 'none');
      cell.attr('badge/title', list.map(describe).join('\n'));
      const v = this.viewOf(n.id);
      if (v) { v.el.classList.toggle('has-problem', list.length > 0); v.el.dataset.problems = list.map(describe).join(' | '); }
    }
    for (const e of this.editor.design.edges) {
      const v = this.edgeViewOf(e.id);
      if (v) v.el.classList.toggle('has-problem', byTarget.edges.has(e.id));
    }
    for (const [id, list] of byTarget.regions) {
      const v = this.containerViewOf('region', id) || this.containerViewOf('az', id);
      if (v) { v.el.classList.add('has-problem'); v.el.dataset.problems = list.map(describe).join(' | '); }
    }
    return byTarget;
  }

  // ---- gestures --------------------------------------------------------------
  bindGestures() {
    const paper = this.paper;
    paper.on('element:pointerdown', (view, evt) => this.onElementDown(view, evt));
    paper.on('element:pointermove', (view) => this.onElementMove(view));
    paper.on('element:pointerup', (view) => this.onElementUp(view));
    paper.on('element:pointerclick', (view, evt) => this.onElementClick(view, evt));
    paper.on('link:pointerclick', (view, evt) => {
      const id = String(view.model.id).slice(EDGE_PREFIX.length);
      if (this.mode === 'design') this.editor.select({ edges: [id] }, { add: evt.shiftKey || evt.metaKey || evt.ctrlKey });
      else if (this.onEdgeClick) this.onEdgeClick(id);
    });
    paper.on('link:connect', (linkView) => this.onConnect(linkView));
    paper.on('blank:pointerdown', (evt, x, y) => this.onBlankDown(evt, x, y));
    paper.on('blank:pointerclick', () => { if (this.mode === 'design') this.editor.clearSelection(); });
    paper.el.addEventListener('wheel', (evt) => this.onWheel(evt), { passive: false });
    // A pointer coming down finds the diagram where it is drawn (JointJS maps points through the SVG).
    this.host.addEventListener('pointerdown', () => this.settle(), true);
    this.bindTouch();
  }

  onElementDown(view, evt) {
    const model = view.model;
    if (model.get('type') !== 'pg.Node') { // Regions and AZs are background: pan or box-select from them
      this.onBlankDown(evt);
      return;
    }
    if (this.mode !== 'design') return;
    const id = String(model.id);
    const add = evt.shiftKey || evt.metaKey || evt.ctrlKey;
    if (!this.editor.isSelected(id)) this.editor.select({ nodes: [id] }, { add });
    this.drag = {
      id,
      start: new Map(this.editor.selection.nodes.map((nid) => [nid, { ...this.graph.getCell(nid)?.position() }])),
      moved: false,
    };
  }

  onElementMove(view) {
    if (!this.drag || view.model.id !== this.drag.id) return;
    const origin = this.drag.start.get(this.drag.id);
    const p = view.model.position();
    const dx = p.x - origin.x;
    const dy = p.y - origin.y;
    this.drag.moved = true;
    for (const [nid, start] of this.drag.start) {
      if (nid === this.drag.id) continue;
      this.graph.getCell(nid)?.position(start.x + dx, start.y + dy);
    }
  }

  onElementUp(view) {
    const drag = this.drag;
    this.drag = null;
    if (!drag || !drag.moved || view.model.id !== drag.id) return;
    const moves = [];
    for (const nid of drag.start.keys()) {
      const node = nodeById(this.editor.design, nid);
      const cell = this.graph.getCell(nid);
      if (!node || !cell) continue;
      const kind = this.editor.catalogue.kind(node.kind);
      const res = dropPlacement(this.layout, { scope: kind?.scope || 'global', label: kind?.label || node.kind }, cell.position(), node.placement);
      if (!res.ok) {
        this.editor.toast(res.reason, 'warn');
        this.sync();
        return;
      }
      moves.push({ id: nid, ui: res.ui, placement: res.placement });
    }
    if (moves.length) this.editor.execute(new MoveNodesCommand(this.editor, moves));
  }

  onElementClick(view, evt) {
    const type = view.model.get('type');
    const id = String(view.model.id);
    if (type === 'pg.Node') {
      if (this.mode === 'run' && this.onNodeClick) this.onNodeClick(id, evt);
      return;
    }
    const [kind, ref] = id.startsWith('@az/') ? ['az', id.slice(4)] : id.startsWith('@r/') ? ['region', id.slice(3)]
      : id.startsWith('@b/') ? ['region', id.slice(3)] : [null, null];
    if (!kind) return;
    if (this.mode === 'run') { if (this.onContainerClick) this.onContainerClick(kind, ref, evt); return; }
    this.editor.select({ container: { type: kind, id: ref } });
  }

  onConnect(linkView) {
    const link = linkView.model;
    const from = link.source().id;
    const to = link.target().id;
    link.remove();
    const a = nodeById(this.editor.design, from);
    const b = nodeById(this.editor.design, to);
    if (!a || !b) return;
    const verdict = this.editor.catalogue.canConnect(a.kind, b.kind);
    if (!verdict.ok) { this.editor.toast(verdict.reason, 'warn'); return; }
    if (this.editor.design.edges.some((e) => e.from === from && e.to === to)) {
      this.editor.toast(`${a.label || a.id} already calls ${b.label || b.id}.`, 'info');
      return;
    }
    this.editor.execute(new AddEdgeCommand(this.editor, { id: freshEdgeId(this.editor.design), from, to, props: {} }));
  }

  /** Drop a palette item at a client point. Returns {ok, reason}. */
  dropKind(kind, clientX, clientY) {
    const info = this.editor.catalogue.kind(kind);
    if (!info) return { ok: false, reason: `Unknown component ${kind}` };
    this.settle();
    const p = this.paper.clientToLocalPoint(clientX, clientY);
    const topLeft = { x: p.x - NODE_W / 2, y: p.y - NODE_H / 2 };
    const res = dropPlacement(this.layout, { scope: info.scope, label: info.label }, topLeft);
    if (!res.ok) { this.editor.toast(res.reason, 'warn'); return res; }
    const id = freshId(this.editor.design, kind.replace(/_/g, '-'));
    this.editor.execute(new AddNodeCommand(this.editor, { id, kind, placement: res.placement, props: {}, ui: res.ui }));
    return res;
  }

  /** Add a component without dragging (tap on a tablet, Enter on a keyboard): the first place it may go. */
  addKind(kind) {
    const info = this.editor.catalogue.kind(kind);
    const layout = this.layout;
    let target = null;
    const region = layout.regions[0];
    if (info.scope === 'zonal' && region?.azs.length) {
      const az = region.azs[0];
      target = { x: az.x + az.w / 2, y: az.y + az.h - NODE_H / 2 - 24 };
    } else if (info.scope === 'regional' && region) target = { x: region.band.x + region.band.w / 2, y: region.band.y + region.band.h - NODE_H / 2 - 8 };
    else target = { x: 40 + NODE_W / 2, y: (layout.regions[0]?.y || 40) + 60 + this.editor.design.nodes.filter((n) => !n.placement?.region).length * (NODE_H + 40) };
    if (!target) { this.editor.toast(`Add a Region first: ${info.label} needs one.`, 'warn'); return; }
    const c = this.paper.localToClientPoint(target.x, target.y);
    return this.dropKind(kind, c.x, c.y);
  }

  onBlankDown(evt, x, y) {
    // JointJS hands over a TouchEvent for a finger (no clientX, no pointerType): read the finger.
    const e = evt.originalEvent || evt;
    const touch = e.type?.startsWith('touch') || e.pointerType === 'touch';
    if (touch && this.touches && this.touches.size > 1) return; // the second finger of a pinch
    const at = e.changedTouches?.[0] || e;
    if (this.mode === 'design' && !touch && (e.shiftKey || this.boxTool)) this.startBox(e, x, y);
    else this.startPan({ clientX: at.clientX, clientY: at.clientY, touch });
  }

  /** One pointer drags the view; a second finger coming down hands over to the pinch. */
  startPan(e) {
    const start = { x: e.clientX, y: e.clientY, tx: this.view.tx, ty: this.view.ty };
    const finger = e.touch && this.touches?.size === 1 ? [...this.touches.keys()][0] : null;
    this.host.classList.add('is-panning');
    this.beginGesture();
    const move = (ev) => {
      if (finger !== null && ev.pointerId !== finger) return;
      this.setView(this.view.s, start.tx + ev.clientX - start.x, start.ty + ev.clientY - start.y);
    };
    const up = (ev) => {
      if (ev && finger !== null && ev.pointerId !== finger) return;
      this.host.classList.remove('is-panning');
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      this.cancelPan = null;
      this.endGesture();
    };
    this.cancelPan = () => up();
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
  }

  startBox(e) {
    const hostRect = this.host.getBoundingClientRect();
    const band = document.createElement('div');
    band.className = 'pg-rubber';
    this.host.appendChild(band);
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
      this.settle();
      const a = this.paper.clientToLocalPoint(Math.min(x0, ev.clientX), Math.min(y0, ev.clientY));
      const b = this.paper.clientToLocalPoint(Math.max(x0, ev.clientX), Math.max(y0, ev.clientY));
      const ids = this.editor.design.nodes.filter((n) => {
        const r = nodeRect(this.layout, n);
        return r.x < b.x && r.x + r.w > a.x && r.y < b.y && r.y + r.h > a.y;
      }).map((n) => n.id);
      this.editor.select({ nodes: ids }, { add: e.shiftKey && !this.boxTool });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }

  onWheel(evt) {
    evt.preventDefault();
    if (!evt.ctrlKey && Math.abs(evt.deltaX) > Math.abs(evt.deltaY)) { // trackpad sideways: pan
      this.setView(this.view.s, this.view.tx - evt.deltaX, this.view.ty - evt.deltaY);
      return;
    }
    const factor = Math.exp(-evt.deltaY * (evt.ctrlKey ? 0.01 : 0.0015));
    this.zoomAt(this.view.s * factor, evt.clientX, evt.clientY);
  }

  zoomAt(scale, clientX, clientY) {
    const s = clampScale(scale);
    const rect = this.host.getBoundingClientRect();
    const px = clientX - rect.left;
    const py = clientY - rect.top;
    const lx = (px - this.view.tx) / this.view.s;
    const ly = (py - this.view.ty) / this.view.s;
    this.setView(s, px - lx * s, py - ly * s);
  }

  zoomBy(factor) {
    const rect = this.host.getBoundingClientRect();
    this.zoomAt(this.view.s * factor, rect.left + rect.width / 2, rect.top + rect.height / 2);
  }

  /**
   * Panning moves composited layers by a CSS transform: the browser shifts pixels it has already
   * drawn and repaints nothing (a redraw of the SVG cost 20-40 ms of raster a frame on software
   * rendering). The SVG itself is redrawn at the new view when the pan stops (`commitView`), or at
   * once when the scale changes.
   */
  setView(s, tx, ty) {
    this.view = { s, tx, ty };
    const c = this.committed;
    if (c && c.s === s) {
      const dx = tx - c.tx;
      const dy = ty - c.ty;
      const move = `translate(${dx}px, ${dy}px)`;
      for (const el of this.panLayers) el.style.transform = move;
      const g = 16 * s;
      this.grid.style.transform = `translate(${dx % g}px, ${dy % g}px)`;
      clearTimeout(this.commitTimer);
      if (!this.gesture) this.commitTimer = setTimeout(() => this.commitView(), 150);
    } else this.commitView();
    for (const fn of this.viewListeners) fn(this.view);
  }

  /** Draw the diagram at the current view and drop the pan's CSS transforms, in one frame. */
  commitView() {
    clearTimeout(this.commitTimer);
    this.commitTimer = null;
    const { s, tx, ty } = this.view;
    this.committed = { s, tx, ty };
    this.paper.matrix({ a: s, b: 0, c: 0, d: s, e: tx, f: ty });
    for (const el of this.panLayers) el.style.transform = '';
    // Level of detail: text too small to read is not drawn (it is most of the cost of a repaint).
    this.host.classList.toggle('lod-far', s < LOD_FAR);
    this.host.classList.toggle('lod-very-far', s < LOD_VERY_FAR);
    const g = 16 * s;
    const pad = 48; // the grid layer reaches this far past each side, so a pan never shows its edge
    this.grid.style.transform = '';
    this.grid.style.backgroundSize = `${g}px ${g}px`;
    this.grid.style.backgroundPosition = `${(tx + pad) % g}px ${(ty + pad) % g}px`;
    for (const fn of this.commitListeners) fn(this.committed);
  }

  /** Redraw now if a pan is still shown by transform (before mapping client points to the diagram). */
  settle() { if (this.commitTimer) this.commitView(); }

  /** A drag or pinch is under way: keep panning by transform until `endGesture`. */
  beginGesture() { this.gesture = true; clearTimeout(this.commitTimer); }

  endGesture() { this.gesture = false; this.commitView(); }

  fit() {
    const b = contentBounds(this.editor.design, this.layout);
    const rect = this.host.getBoundingClientRect();
    if (!rect.width || !rect.height) return;
    const pad = 48;
    const below = this.editor.design.nodes.length || this.readOnly ? 0 : 230; // room for the first-steps card
    const h = rect.height - below;
    const w = rect.width - this.coveredRight(rect);
    const s = Math.min(1.25, (w - 2 * pad) / b.w, (h - 2 * pad) / b.h);
    this.setView(s, (w - b.w * s) / 2 - b.x * s, (h - b.h * s) / 2 - b.y * s);
  }

  /** How much of the canvas's right side a panel lying over it hides (narrow screens: the
   * inspector and the live panel float over the canvas instead of taking a column). */
  coveredRight(rect) {
    const panel = document.querySelector('.rightpanel');
    if (!panel || panel.hidden || getComputedStyle(panel).position !== 'fixed') return 0;
    const r = panel.getBoundingClientRect();
    return r.width && r.left < rect.right ? Math.min(rect.width / 2, rect.right - r.left) : 0;
  }

  bindTouch() {
    // Two fingers: pinch to zoom and drag to pan. One finger is JointJS's (move, connect, pan on blank).
    // The diagram point that was between the fingers when the second came down stays between them.
    this.touches = new Map();
    const el = this.paper.el;
    let pinch = null;
    el.addEventListener('pointerdown', (e) => {
      if (e.pointerType !== 'touch') return;
      this.touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (this.touches.size === 2) {
        if (this.cancelPan) this.cancelPan(); // the first finger was panning: the pinch takes over
        const [a, b] = [...this.touches.values()];
        const r = this.host.getBoundingClientRect();
        const { s, tx, ty } = this.view;
        const cx = (a.x + b.x) / 2 - r.left;
        const cy = (a.y + b.y) / 2 - r.top;
        pinch = { d: Math.max(1, Math.hypot(a.x - b.x, a.y - b.y)), s, px: (cx - tx) / s, py: (cy - ty) / s };
        this.beginGesture();
      }
    });
    el.addEventListener('pointermove', (e) => {
      if (!this.touches.has(e.pointerId)) return;
      this.touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pinch && this.touches.size === 2) {
        const [a, b] = [...this.touches.values()];
        const r = this.host.getBoundingClientRect();
        const s = clampScale(pinch.s * (Math.hypot(a.x - b.x, a.y - b.y) / pinch.d));
        this.setView(s, (a.x + b.x) / 2 - r.left - pinch.px * s, (a.y + b.y) / 2 - r.top - pinch.py * s);
      }
    });
    const end = (e) => {
      if (!this.touches.delete(e.pointerId)) return;
      if (pinch && this.touches.size < 2) { pinch = null; this.endGesture(); }
    };
    el.addEventListener('pointerup', end);
    el.addEventListener('pointercancel', end);
  }

  setMode(mode) {
    this.mode = mode;
    this.host.classList.toggle('is-running', mode === 'run');
    for (const cell of this.graph.getElements()) {
      const v = this.paper.findViewByModel(cell);
      if (v) v.setInteractivity(this.interactive(v));
    }
  }

  // ---- export ----------------------------------------------------------------
  /** The diagram as a standalone SVG string (icons are data URIs, styles inlined). */
  toSVG(css = '') {
    const b = contentBounds(this.editor.design, this.layout);
    const pad = 24;
    const svg = this.paper.svg.cloneNode(true);
    svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    svg.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
    svg.setAttribute('viewBox', `${b.x - pad} ${b.y - pad} ${b.w + 2 * pad} ${b.h + 2 * pad}`);
    svg.setAttribute('width', String(Math.round(b.w + 2 * pad)));
    svg.setAttribute('height', String(Math.round(b.h + 2 * pad)));
    svg.removeAttribute('style');
    for (const g of svg.querySelectorAll('[transform]')) if (g.classList.contains('joint-layers') || g.getAttribute('class')?.includes('joint-layers')) g.removeAttribute('transform');
    const layers = svg.querySelector('.joint-layers');
    if (layers) layers.removeAttribute('transform');
    for (const el of svg.querySelectorAll('.pg-handle, .joint-tools-layer, .joint-highlighters-layer')) el.remove();
    const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
    style.textContent = `text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}${css}`;
    svg.insertBefore(style, svg.firstChild);
    const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    Object.entries({ x: b.x - pad, y: b.y - pad, width: b.w + 2 * pad, height: b.h + 2 * pad, fill: '#f1f5f9' }).forEach(([k, v]) => bg.setAttribute(k, String(v)));
    svg.insertBefore(bg, style.nextSibling);
    return new XMLSerializer().serializeToString(svg);
  }

  async toPNG(css = '', scale = 2) {
    const text = this.toSVG(css);
    const img = new Image();
    const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    await new Promise((ok, fail) => { img.onload = ok; img.onerror = fail; img.src = url; });
    const c = document.createElement('canvas');
    c.width = img.width * scale;
    c.height = img.height * scale;
    const ctx = c.getContext('2d');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    URL.revokeObjectURL(url);
    return new Promise((ok) => c.toBlob(ok, 'image/png'));
  }
}

function subtitle(node, kind) {
  const label = kind?.label || node.kind;
  const p = node.placement || {};
  if (p.az) return `${label} · ${p.az.slice(-1)}`;
  if (Array.isArray(p.azs) && p.azs.length) return `${label} · ${p.azs.map((a) => a.slice(-1)).join('')}`;
  if (!kind) return `unknown kind ${node.kind}`;
  if (node.label === label) return { global: 'global', regional: 'regional', zonal: 'zonal' }[kind.scope] || '';
  return label;
}

/** Zoom limits: far enough out for any design's fit (a 200-node design fits at about 0.09). */
const MIN_SCALE = 0.05;
const MAX_SCALE = 2.5;
function clampScale(s) { return Math.min(MAX_SCALE, Math.max(MIN_SCALE, s)); }
