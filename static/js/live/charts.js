/**
 * Live charts (uPlot: about 0.1 ms an update at 10 Hz, FIELD-NOTES.md): throughput, p50/p95/p99
 * latency, error rate, instances, queue depth, cost per hour. One shared time axis in simulated
 * seconds; the last 10 simulated minutes are kept.
 */
import uPlot from 'uplot';
import { totals, tickWithUnit, titleWithUnit, withUnit } from './figures.js';
import { h } from '../panels/dom.js';

const KEEP = 1200;
const MIN_DRAW_MS = 200;
const MARK = '#7c3aed'; // the moment an event chosen on the strip happened (violet: no series uses it)

const CHARTS = [
  { key: 'throughput', title: 'Throughput', unit: 'req/s', series: [['all', '#1d4ed8', (f) => f.global.rps], ['ok', '#15803d', (f) => f.global.ok_rps]] },
  // Latency of the requests that succeeded: nothing to plot (a gap, not a misleading 0) when none did.
  { key: 'latency', title: 'Latency (each 1 s)', unit: 'ms', series: [['p50', '#0e7490', (f) => okOnly(f, f.global.p50_ms)], ['p95', '#b45309', (f) => okOnly(f, f.global.p95_ms)], ['p99', '#b91c1c', (f) => okOnly(f, f.global.p99_ms)]] },
  { key: 'errors', title: 'Error rate', unit: '%', series: [['errors', '#b91c1c', (f) => (f.global.error_rate || 0) * 100]] },
  { key: 'instances', title: 'Instances', unit: 'instances', series: [['in service', '#15803d', (f, t) => t.in_service], ['pending', '#b45309', (f, t) => t.pending], ['unhealthy', '#b91c1c', (f, t) => t.unhealthy]] },
  { key: 'queue', title: 'Queue depth', unit: 'messages', series: [['depth', '#be185d', (f, t) => t.depth]] },
  { key: 'cost', title: 'Cost per hour', unit: 'USD/h', series: [['cost', '#475569', (f) => f.global.cost_per_hour]] },
];

const okOnly = (f, v) => (f.global.ok_rps > 0 ? v : null);

export class Charts {
  constructor(host) {
    this.host = host;
    this.charts = [];
    this.data = [];
    this.pending = false;
    this.markT = null;
  }

  /** Mark simulated second `t` on every chart with a vertical line (an event chosen on the strip);
   * the host's data-mark says which. */
  mark(t) {
    this.markT = Number.isFinite(t) ? t : null;
    if (this.markT === null) delete this.host.dataset.mark;
    else this.host.dataset.mark = String(this.markT);
    this.redraw();
  }

  drawMark(u) {
    if (this.markT === null) return;
    const x = u.valToPos(this.markT, 'x', true);
    const { left, top, width, height } = u.bbox;
    if (!(x >= left && x <= left + width)) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = MARK;
    ctx.lineWidth = 2 * (window.devicePixelRatio || 1);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.restore();
  }

  /** Build the charts; `kept`: each chart's data to go on with (a restyle), else empty. Their
   * size and type follow the page's styles: the width of each chart's box, and the height and
   * axis font its host names in `--pg-chart-h` and `--pg-chart-font` (projector.css). */
  mount(kept = null) {
    this.host.replaceChildren();
    this.charts = [];
    this.visible = new Set();
    this.observer?.disconnect();
    // Charts scrolled out of view are not redrawn (they catch up when they come back).
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) { if (e.isIntersecting) { this.visible.add(e.target); this.redraw(); } else this.visible.delete(e.target); }
    });
    const boxes = CHARTS.map((def) => h('div', { class: 'chart', 'data-testid': `chart-${def.key}` },
      h('div', { class: 'chart-title' }, h('span', { text: titleWithUnit(def.title, def.unit === 'instances' ? '' : def.unit) }), h('span', { class: 'chart-now', text: '' }))));
    this.host.append(...boxes);
    const { height, font, fontPx } = this.look();
    const widths = boxes.map((box) => box.clientWidth - 4); // one layout, read before any plot is drawn
    CHARTS.forEach((def, i) => {
      const box = boxes[i];
      const data = kept?.[i] || [[], ...def.series.map(() => [])];
      const plot = new uPlot({
        width: widths[i] > 100 ? widths[i] : 280, height,
        legend: { show: def.series.length > 1, live: false },
        cursor: { show: false },
        hooks: { draw: [(u) => this.drawMark(u)] },
        scales: { x: { time: false }, y: { range: (u, lo, hi) => [0, Math.max(hi * 1.15, def.key === 'errors' ? 5 : 1)] } },
        axes: [
          { stroke: '#334155', size: fontPx + 10, font, grid: { stroke: '#e5e9f0' }, values: (u, ticks) => { const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1; return ticks.map((t) => (step >= 60 && step % 60 === 0 ? `${t / 60}m` : step >= 1 ? `${Math.round(t)}s` : `${t.toFixed(1)}s`)); } },
          { stroke: '#334155', size: Math.round(fontPx * 4 + 6), font, grid: { stroke: '#e5e9f0' }, values: (u, ticks) => ticks.map((v) => tickWithUnit(short(v), def.unit)) },
        ],
        series: [{}, ...def.series.map(([label, stroke]) => ({ label, stroke, width: fontPx > 12 ? 3 : 2, points: { show: false } }))],
      }, data, box);
      this.charts.push({ def, plot, data, box, now: box.querySelector('.chart-now') });
      this.observer.observe(box);
    });
  }

  /** The charts' height and axis font, as the page's styles give them. */
  look() {
    const css = getComputedStyle(this.host);
    const height = Number(css.getPropertyValue('--pg-chart-h')) || 116;
    const fontPx = Number(css.getPropertyValue('--pg-chart-font-px')) || 12;
    return { height, fontPx, font: `${fontPx}px system-ui` };
  }

  /** Draw the charts again for boxes that changed size or type (projector mode on or off, a
   * resize), with the data they had. */
  restyle() {
    if (!this.charts.length) return;
    const kept = this.charts.map((c) => c.data);
    const nows = this.charts.map((c) => c.nowText);
    for (const c of this.charts) c.plot.destroy();
    this.mount(kept);
    this.charts.forEach((c, i) => { c.nowText = nows[i]; });
    this.redraw();
  }

  /** One frame (or a row of a run's history: `totals` instead of `nodes`, for late viewers). */
  push(frame) {
    const t = frame.totals || totals(frame.nodes);
    const xs = this.charts[0]?.data[0];
    // A late viewer's history ends with the frame that may also arrive live next: plotted once.
    if (xs?.length && !(frame.t > xs[xs.length - 1])) return;
    for (const c of this.charts) {
      c.data[0].push(frame.t);
      c.def.series.forEach(([, , get], i) => { const v = get(frame, t); c.data[i + 1].push(Number.isFinite(v) ? v : null); });
      if (c.data[0].length > KEEP) for (const col of c.data) col.shift();
      const first = c.def.series[c.def.series.length > 2 ? 2 : 0];
      const v = first[2](frame, t);
      c.nowText = Number.isFinite(v) ? withUnit(short(v), c.def.unit, v === 1) : '–';
    }
    this.redraw();
  }

  /** Draw visible charts at most five times a second (frames come ten times a second). */
  redraw() {
    if (this.pending) return;
    const wait = Math.max(0, MIN_DRAW_MS - (performance.now() - (this.drawn || 0)));
    this.pending = true;
    setTimeout(() => requestAnimationFrame(() => {
      this.pending = false;
      this.drawn = performance.now();
      for (const c of this.charts) {
        if (!this.visible.has(c.box)) continue;
        c.plot.setData(c.data);
        if (c.now.textContent !== c.nowText) c.now.textContent = c.nowText || '';
      }
    }), wait);
  }
}

function short(v) {
  if (v === null || v === undefined) return '';
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2).replace(/\.?0+$/, '') || '0';
}
