/**
 * The canvas: a JointJS paper that draws the Editor's design and turns gestures into Commands.
 * The design is the truth; the JointJS graph is a picture of it, re-synced by diff after every
 * change (sync.js), with the selection and the problems painted on it (paint.js). The view
 * (pan, zoom, fit: viewport.js) and the gestures that move it (pan.js) are ours, as are the
 * editing gestures (gestures.js), palette drops (drop.js), what a drag shows (drag-hints.js:
 * drop targets, alignment guides) and the picture export (export.js):
 * JointJS's own are paid add-ons.
 */
import { Edge, cellNamespace } from './shapes.js';
import { cellIdOf } from './cells.js';
import { syncCells } from './sync.js';
import { paintSelection, paintProblems } from './paint.js';
import { Viewport } from './viewport.js';
import { ViewGestures } from './pan.js';
import { EditGestures } from './gestures.js';
import { dropKind, addKind } from './drop.js';
import { DragHints } from './drag-hints.js';
import { diagramSVG, svgToPNG } from './export.js';
import { contentBounds, nodeRect } from '../model/layout.js';
import { roomBelow, projectorFiguresPx } from '../live/figure-wrap.js';

const { dia } = window.joint;

// Projector mode (projector.js sets `projector`) leaves a thinner margin round a fitted design:
// on an 853x480 screen every pixel of scale makes the figures' 20 px take less of the diagram.
const PROJECTOR_FIT_PAD = 20;
const FIRST_STEPS_PX = 230; // the first-steps card under an empty design: fit leaves it free

export class Canvas {
  constructor(editor, host, { icons = {}, readOnly = false } = {}) {
    this.editor = editor;
    this.host = host;
    this.icons = icons;
    this.readOnly = readOnly;
    this.mode = 'design'; // 'design' | 'run'
    this.boxTool = false;
    this.syncListeners = []; // () => ..., after the diagram was re-synced to the design (shapes may have moved)
    this.onNodeClick = null; // set by the live run: (nodeId, evt) => ...
    this.onContainerClick = null; // (type, id, evt) => ...
    this.onEdgeClick = null; // (edgeId) => ...
    this.afterSync = null; // () => ..., after the listeners (the live run repaints its last frame)
    this.graph = new dia.Graph({}, { cellNamespace });
    const grid = document.createElement('div'); // the dot grid, a layer of its own (cheap to pan)
    grid.className = 'pg-grid';
    host.appendChild(grid);
    const paperEl = document.createElement('div');
    paperEl.className = 'pg-paper';
    host.appendChild(paperEl);
    this.paper = this.makePaper(paperEl);
    this.paper.svg.style.overflow = 'visible'; // drawn past its box: a pan by transform shows no empty edge
    this.viewport = new Viewport({ host, grid, paper: this.paper, layers: [paperEl] });
    this.viewGestures = new ViewGestures({ viewport: this.viewport, host, paperEl });
    this.hints = new DragHints(this);
    this.gestures = new EditGestures(this);
    this.bindEditor();
    this.sync();
  }

  makePaper(el) {
    const design = () => this.mode === 'design';
    return new dia.Paper({
      el,
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
      validateConnection: (sv, _sm, tv) => !!tv && sv !== tv && tv.model.get('type') === 'pg.Node' && design(),
      validateMagnet: () => design() && !this.readOnly,
      interactive: (view) => this.interactive(view),
    });
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

  /** Redraw the diagram from the design (by diff), then what is painted on it. */
  sync() {
    const d = this.editor.design;
    this.layout = syncCells({ graph: this.graph, paper: this.paper, design: d, catalogue: this.editor.catalogue, icons: this.icons });
    this.host.classList.toggle('with-halo', d.nodes.length < 120);
    this.paintSelection();
    this.paintProblems();
    for (const fn of this.syncListeners) fn();
    if (this.afterSync) this.afterSync();
  }

  paintSelection() { paintSelection(this, this.editor.selection); }

  paintProblems() { return paintProblems(this, this.editor.design, this.editor.problems); }

  viewOf(id) { return this.paper.findViewByModel(id); }
  edgeViewOf(edgeId) { return this.paper.findViewByModel(cellIdOf.edge(edgeId)); }
  containerViewOf(type, id) { return this.paper.findViewByModel(cellIdOf[type](id)); }

  /** 'design' (editing) or 'run' (a live run: nothing moves, clicks go to the run). */
  setMode(mode) {
    this.mode = mode;
    this.host.classList.toggle('is-running', mode === 'run');
    for (const cell of this.graph.getElements()) {
      const v = this.paper.findViewByModel(cell);
      if (v) v.setInteractivity(this.interactive(v));
    }
  }

  // ---- the view (viewport.js): the live layers follow it through these ------------
  get view() { return this.viewport.view; }
  get committed() { return this.viewport.committed; }
  get panLayers() { return this.viewport.panLayers; }
  get commitListeners() { return this.viewport.commitListeners; }
  setView(s, tx, ty) { this.viewport.setView(s, tx, ty); }
  commitView() { this.viewport.commitView(); }
  settle() { this.viewport.settle(); }
  endGesture() { this.viewport.endGesture(); }
  zoomAt(scale, clientX, clientY) { this.viewport.zoomAt(scale, clientX, clientY); }
  zoomBy(factor) { this.viewport.zoomBy(factor); }

  fit() {
    const below = this.editor.design.nodes.length || this.readOnly ? 0 : FIRST_STEPS_PX;
    const b = contentBounds(this.editor.design, this.layout);
    if (!this.projector) { this.viewport.fit(b, below); return; }
    // A run in projector mode: the figure lines under the lowest card (20 px on screen at any
    // scale) are left room on the canvas too (figure-wrap.js).
    let free = below;
    if (this.mode === 'run') {
      const cards = this.editor.design.nodes.map((n) => nodeRect(this.layout, n));
      const linesPx = projectorFiguresPx(this.host);
      for (let i = 0; i < 2; i += 1) free = below + roomBelow(cards, b, this.viewport.fitScale(b, free, PROJECTOR_FIT_PAD), linesPx);
    }
    this.viewport.fit(b, free, PROJECTOR_FIT_PAD);
  }

  // ---- the palette (drop.js) and export (export.js) ---------------------------------
  dropKind(kind, clientX, clientY) { return dropKind(this, kind, clientX, clientY); }
  addKind(kind) { return addKind(this, kind); }
  /** A palette item is being dragged (over a client point), or no longer: the drop targets show. */
  dragKindStart(kind) { this.hints.start(this.editor.catalogue.kind(kind)?.scope || 'global'); }
  dragKindOver(clientX, clientY) { this.hints.move(clientX, clientY); }
  dragKindEnd() { this.hints.end(); }

  /** The diagram as a standalone SVG string (icons are data URIs, styles inlined). */
  toSVG(css = '') { return diagramSVG(this.paper.svg, contentBounds(this.editor.design, this.layout), css); }

  async toPNG(css = '', scale = 2) { return svgToPNG(this.toSVG(css), scale); }
}
