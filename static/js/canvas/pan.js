/**
 * The gestures that move the view: drag to pan (a mouse on the background, or one finger), the
 * wheel (zoom, or pan sideways on a trackpad), and two fingers (pinch to zoom and drag to pan).
 * A second finger coming down hands a one-finger pan over to the pinch. The diagram point that
 * was between the fingers when the second came down stays between them.
 */
import { clampScale } from './viewport.js';

export class ViewGestures {
  constructor({ viewport, host, paperEl }) {
    Object.assign(this, { viewport, host, paperEl });
    this.touches = new Map(); // pointerId -> {x, y} of each finger down on the paper
    this.cancelPan = null;
    paperEl.addEventListener('wheel', (evt) => this.onWheel(evt), { passive: false });
    this.bindPinch();
  }

  /** A second finger is down: the pinch has the view. */
  pinching() { return this.touches.size > 1; }

  /** One pointer drags the view (e: {clientX, clientY, touch}). */
  startPan(e) {
    const vp = this.viewport;
    const start = { x: e.clientX, y: e.clientY, tx: vp.view.tx, ty: vp.view.ty };
    const finger = e.touch && this.touches.size === 1 ? [...this.touches.keys()][0] : null;
    this.host.classList.add('is-panning');
    vp.beginGesture();
    const move = (ev) => {
      if (finger !== null && ev.pointerId !== finger) return;
      vp.setView(vp.view.s, start.tx + ev.clientX - start.x, start.ty + ev.clientY - start.y);
    };
    const up = (ev) => {
      if (ev && finger !== null && ev.pointerId !== finger) return;
      this.host.classList.remove('is-panning');
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      this.cancelPan = null;
      vp.endGesture();
    };
    this.cancelPan = () => up();
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
  }

  onWheel(evt) {
    evt.preventDefault();
    const vp = this.viewport;
    if (!evt.ctrlKey && Math.abs(evt.deltaX) > Math.abs(evt.deltaY)) { // trackpad sideways: pan
      vp.setView(vp.view.s, vp.view.tx - evt.deltaX, vp.view.ty - evt.deltaY);
      return;
    }
    const factor = Math.exp(-evt.deltaY * (evt.ctrlKey ? 0.01 : 0.0015));
    vp.zoomAt(vp.view.s * factor, evt.clientX, evt.clientY);
  }

  /** Two fingers: pinch to zoom and drag to pan. One finger is JointJS's (move, connect, pan on blank). */
  bindPinch() {
    const el = this.paperEl;
    const vp = this.viewport;
    let pinch = null;
    const between = () => {
      const [a, b] = [...this.touches.values()];
      const r = this.host.getBoundingClientRect();
      return { d: Math.hypot(a.x - b.x, a.y - b.y), cx: (a.x + b.x) / 2 - r.left, cy: (a.y + b.y) / 2 - r.top };
    };
    el.addEventListener('pointerdown', (e) => {
      if (e.pointerType !== 'touch') return;
      this.touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (this.touches.size !== 2) return;
      if (this.cancelPan) this.cancelPan(); // the first finger was panning: the pinch takes over
      const { s, tx, ty } = vp.view;
      const m = between();
      pinch = { d: Math.max(1, m.d), s, px: (m.cx - tx) / s, py: (m.cy - ty) / s };
      vp.beginGesture();
    });
    el.addEventListener('pointermove', (e) => {
      if (!this.touches.has(e.pointerId)) return;
      this.touches.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (!pinch || this.touches.size !== 2) return;
      const m = between();
      const s = clampScale(pinch.s * (m.d / pinch.d));
      vp.setView(s, m.cx - pinch.px * s, m.cy - pinch.py * s);
    });
    const end = (e) => {
      if (!this.touches.delete(e.pointerId)) return;
      if (pinch && this.touches.size < 2) { pinch = null; vp.endGesture(); }
    };
    el.addEventListener('pointerup', end);
    el.addEventListener('pointercancel', end);
  }
}
