/**
 * The figures in the live panel: the run's key figures (requests, p99 over the last second with
 * the run's p99 so far under it, errors, cost) and the card of the node the learner clicked. They
 * are written a display frame after the canvas: new text in the right panel in the same frame as
 * the overlay's writes made that frame lay out and pre-paint the canvas again (bench_canvas, zoom
 * to fit: about 6 ms more layout and 2-3 ms more pre-paint a live frame); a frame apart, each
 * costs little.
 */
import { h, clear } from '../panels/dom.js';
import { statusOf, STATUS, detailLine, fmtNumber, fmtMs, fmtPercent, p99Kpi } from './figures.js';
import { nodeById } from '../model/design.js';

export class FigureCards {
  constructor(editor) {
    this.editor = editor;
    this.nodeCard = h('div', { class: 'node-card', 'data-testid': 'node-card' });
    this.globalCard = h('div', { class: 'kpi-row', 'data-testid': 'global-figures' });
    this.kpiEls = null;
    this.focus = null; // the node whose card shows
    this.pendingFrame = null;
    this.pending = false;
  }

  /** Show this frame's figures two display frames from now (the latest frame then wins). */
  later(frame) {
    this.pendingFrame = frame;
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      this.pending = false;
      if (this.pendingFrame) this.render(this.pendingFrame);
    }));
  }

  render(frame) {
    const g = frame.global || {};
    const p99 = p99Kpi(frame, Number(this.editor.design?.run?.warmup) || 0);
    const kpis = [{ label: 'Requests', value: `${fmtNumber(g.rps)} rps` }, p99, { label: 'Errors', value: fmtPercent(g.error_rate || 0) }, { label: 'Cost', value: `$${(g.cost_per_hour ?? 0).toFixed(2)}/h` }];
    if (!this.kpiEls) {
      this.kpiEls = kpis.map((k) => {
        const els = { value: h('div', { class: 'kpi-value' }), sub: k.sub === undefined ? null : h('div', { class: 'kpi-sub', 'data-testid': 'kpi-run-so-far' }) };
        this.globalCard.append(h('div', { class: 'kpi', title: k.title }, h('div', { class: 'kpi-label', text: k.label }), els.value, els.sub));
        return els;
      });
    }
    kpis.forEach((k, i) => {
      this.kpiEls[i].value.textContent = k.value;
      if (this.kpiEls[i].sub) this.kpiEls[i].sub.textContent = k.sub;
    });
    this.globalCard.classList.toggle('is-bad', (g.error_rate || 0) > 0.05);
    if (this.focus) this.renderNode(frame);
  }

  /** The card of node `id`, from `frame` (or none yet). */
  show(id, frame) {
    this.focus = id;
    this.renderNode(frame);
  }

  renderNode(frame) {
    const node = nodeById(this.editor.design, this.focus);
    clear(this.nodeCard);
    if (!node) return;
    const fig = frame?.nodes?.[node.id];
    const status = statusOf(fig);
    this.nodeCard.append(
      h('div', { class: 'node-card-head' }, h('strong', { text: node.label || node.id }), h('span', { class: `status-pill status-${status}`, text: STATUS[status].label })),
      h('div', { class: 'node-card-figs' },
        fig ? h('span', { text: `${fmtNumber(fig.rps, 1)} rps` }) : null,
        fig && typeof fig.p99_ms === 'number' ? h('span', { text: `p99 ${fmtMs(fig.p99_ms)}` }) : null,
        fig && typeof fig.utilization === 'number' ? h('span', { text: `${Math.round(fig.utilization * 100)}% busy` }) : null,
        fig && fig.errors ? h('span', { text: `${fmtNumber(fig.errors)} errors` }) : null),
      h('div', { class: 'node-card-detail', text: detailLine(fig) }));
  }
}
