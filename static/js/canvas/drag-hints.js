/**
 * What the canvas shows while something is dragged over it: the containers a palette item may be
 * dropped in carry `is-drop-valid` (the one under the pointer `is-drop-over`), those that refuse
 * it `is-drop-invalid` (dimmed); a global kind also lights up the lane left of the Regions. While
 * a card is moved, alignment guides (`.pg-guide`) show the lines it snapped to. The rules are
 * placement.js's; this module only puts classes and guide lines on the page (no inline styles in
 * markup: the lines are positioned through the CSSOM, which the page's CSP allows).
 */
import { dropTargets, globalLane } from '../model/placement.js';
import { hitTest } from '../model/layout.js';
import { cellIdOf } from './cells.js';

export class DragHints {
  constructor(canvas) {
    this.canvas = canvas;
    this.marked = []; // [el, class]
    this.valid = new Map(); // cell id -> its view element, where a drop is taken
    this.over = null;
    this.lane = null;
    this.guideEls = [];
  }

  /** A palette item of catalogue `scope` started being dragged. */
  start(scope) {
    this.end();
    const canvas = this.canvas;
    const { targets, outside } = dropTargets(canvas.layout, scope);
    for (const t of targets) {
      if (t.valid === null) continue;
      const view = canvas.paper.findViewByModel(cellIdOf[t.type](t.id));
      if (!view) continue;
      const cls = t.valid ? 'is-drop-valid' : 'is-drop-invalid';
      view.el.classList.add(cls);
      this.marked.push([view.el, cls]);
      if (t.valid) this.valid.set(cellIdOf[t.type](t.id), view.el);
    }
    canvas.host.classList.add('is-drop-target');
    if (outside) {
      this.lane = document.createElement('div');
      this.lane.className = 'pg-drop-lane';
      this.lane.dataset.testid = 'drop-lane';
      canvas.host.appendChild(this.lane);
      this.place(this.lane, globalLane(canvas.layout));
    }
  }

  /** The pointer is at a client point: mark the valid container under it. */
  move(clientX, clientY) {
    if (!this.valid.size) return;
    const p = this.canvas.paper.clientToLocalPoint(clientX, clientY);
    const hit = hitTest(this.canvas.layout, p);
    const id = hit.type === 'az' ? cellIdOf.az(hit.az) : hit.type === 'band' ? cellIdOf.band(hit.region) : hit.type === 'region' ? cellIdOf.region(hit.region) : null;
    const el = (id && this.valid.get(id)) || null;
    if (el === this.over) return;
    if (this.over) this.over.classList.remove('is-drop-over');
    if (el) el.classList.add('is-drop-over');
    this.over = el;
  }

  end() {
    for (const [el, cls] of this.marked) el.classList.remove(cls, 'is-drop-over');
    this.marked = [];
    this.valid.clear();
    this.over = null;
    this.canvas.host.classList.remove('is-drop-target');
    if (this.lane) this.lane.remove();
    this.lane = null;
  }

  /** Draw alignment guides ({axis, at, from, to} in diagram coordinates, placement.js alignTo). */
  guides(list) {
    while (this.guideEls.length > list.length) this.guideEls.pop().remove();
    while (this.guideEls.length < list.length) {
      const el = document.createElement('div');
      this.canvas.host.appendChild(el);
      this.guideEls.push(el);
    }
    list.forEach((g, i) => {
      const el = this.guideEls[i];
      el.className = `pg-guide pg-guide-${g.axis}`;
      const r = g.axis === 'x' ? { x: g.at, y: g.from, w: 0, h: g.to - g.from } : { x: g.from, y: g.at, w: g.to - g.from, h: 0 };
      this.place(el, r);
    });
  }

  /** Position `el` over the diagram rectangle `r` (host coordinates, through the CSSOM). */
  place(el, r) {
    const host = this.canvas.host.getBoundingClientRect();
    const a = this.canvas.paper.localToClientPoint(r.x, r.y);
    const b = this.canvas.paper.localToClientPoint(r.x + r.w, r.y + r.h);
    Object.assign(el.style, { left: `${a.x - host.left}px`, top: `${a.y - host.top}px`, width: `${b.x - a.x}px`, height: `${b.y - a.y}px` });
  }
}
