/**
 * The comparison of two kept runs (pure logic in compare.js): the headline figures side by side
 * with the better one marked and B minus A, the goals with pass/fail for each, RTO/RPO per fault,
 * and the charts overlaid (uPlot, one series a run, labelled by run). `pastCharts` also draws a
 * single reopened run's charts from its stored series.
 */
import uPlot from 'uplot';
import { h } from '../panels/dom.js';
import { fmtMs, fmtNumber, fmtPercent, fmtGoalValue, goalActualText, GOAL_OPS, tickWithUnit, titleWithUnit } from './figures.js';
import { faultText, namesOf } from './event-words.js';
import { OVERLAY_CHARTS, RUN_COLOURS, figureRows, goalRows, faultRows, overlay, runLabel, hasSeries, difference } from './compare.js';

const money = (v) => `$${v < 1 ? v.toFixed(3) : v.toFixed(2)}`;
const FORMAT = {
  goals: (v) => String(v),
  p50: fmtMs, p95: fmtMs, p99: fmtMs,
  error_rate: (v) => fmtPercent(v),
  requests: (v) => fmtNumber(v),
  cost_per_hour: (v) => `${money(v)}/h`,
  cost_total: money,
};

export function renderComparison(runs, editor, { onClose, onBack } = {}) {
  const labels = runs.map((r, i) => runLabel(r, i));
  const [a, b] = runs.map((r) => r.report || {});
  const metrics = new Map((editor.catalogue?.goalMetrics || []).map((m) => [m.metric, m]));
  const names = namesOf(editor.design, editor.catalogue);
  const head = h('tr', {}, h('th', { text: '' }), ...labels.map((l, i) => h('th', { class: 'num', text: `Run ${l}`, dataset: { run: 'ab'[i] } })), h('th', { class: 'num', text: 'B − A' }));

  const figRows = figureRows(a, b).map((row) => {
    const fmt = FORMAT[row.key];
    const cell = (side) => h('td', { class: `num strong${row.better === side ? ' is-better' : ''}`, 'data-testid': `cmp-${row.key}-${side}`, text: row[side] === null ? '–' : fmt(row[side]) + (row.key === 'goals' ? ` of ${(runs['ab'.indexOf(side)].report?.goals || []).length}` : '') });
    return h('tr', {}, h('td', { text: row.label }), cell('a'), cell('b'), h('td', { class: 'num', 'data-testid': `cmp-${row.key}-diff`, text: difference(row, fmt) }));
  });

  const goalCell = (g) => (g ? h('td', { class: `num ${g.passed ? 'cmp-pass' : 'cmp-fail'}`, text: `${g.passed ? '✓' : '✕'} ${goalActualText(g, metrics.get(g.metric)?.unit, num)}` }) : h('td', { class: 'num', text: 'not set' }));
  const goals = goalRows(a, b).map((row) => {
    const m = metrics.get(row.metric);
    return h('tr', {}, h('td', { text: `${m?.label || row.metric}${row.scope !== 'global' ? ` · ${row.scope}` : ''} ${GOAL_OPS[row.op] || row.op} ${fmtGoalValue(row.metric, row.value, m?.unit, num)}` }), goalCell(row.a), goalCell(row.b));
  });

  const rto = (f) => (!f ? '–' : f.rto_s === null || f.rto_s === undefined ? 'not recovered' : `${num(f.rto_s)} s`);
  const rpo = (f) => (!f || f.rpo_s === null || f.rpo_s === undefined ? '–' : `${num(f.rpo_s)} s`);
  const faults = faultRows(a, b).map((row) => h('tr', {}, h('td', { text: faultText(row.kind, row.target, '', names) }),
    h('td', { class: 'num', text: rto(row.a) }), h('td', { class: 'num', text: rto(row.b) }), h('td', { class: 'num', text: rpo(row.a) }), h('td', { class: 'num', text: rpo(row.b) })));

  const charts = h('div', { class: 'cmp-charts' });
  const el = h('div', { class: 'report compare', 'data-testid': 'comparison' },
    h('div', { class: 'report-head' },
      h('div', {}, h('div', { class: 'report-kicker', text: 'Comparing two runs' }), h('h2', { text: `${runs[0].name || 'Run'}: A against B` })),
      h('div', { class: 'report-actions' },
        onBack ? h('button', { class: 'btn', text: '← All runs', onclick: onBack }) : null,
        h('button', { class: 'btn', 'data-testid': 'compare-close', text: 'Close', onclick: onClose }))),
    h('p', { class: 'cmp-legend' }, ...labels.map((l, i) => h('span', { class: `cmp-key cmp-key-${'ab'[i]}`, text: `Run ${l}` }))),
    h('table', { class: 'rtable cmp-table' }, h('thead', {}, head), h('tbody', {}, ...figRows)),
    goals.length ? section('Goals', h('table', { class: 'rtable cmp-table' }, h('thead', {}, h('tr', {}, h('th', { text: 'goal' }), h('th', { class: 'num', text: 'A' }), h('th', { class: 'num', text: 'B' }))), h('tbody', {}, ...goals))) : null,
    faults.length ? section('Failures: recovery time (RTO) and data lost (RPO)', h('table', { class: 'rtable cmp-table' },
      h('thead', {}, h('tr', {}, h('th', { text: 'fault' }), h('th', { class: 'num', text: 'RTO A' }), h('th', { class: 'num', text: 'RTO B' }), h('th', { class: 'num', text: 'RPO A' }), h('th', { class: 'num', text: 'RPO B' }))), h('tbody', {}, ...faults))) : null,
    section('Charts, both runs', charts));
  return { el, drawCharts: () => pastCharts(charts, runs, labels) };
}

/** Draw the overlaid charts of `runs` (one or two) into `host`, once it is laid out. */
export function pastCharts(host, runs, labels = runs.map((r, i) => runLabel(r, i))) {
  host.replaceChildren();
  const missing = runs.filter((r) => !hasSeries(r));
  if (missing.length === runs.length) { host.append(h('p', { class: 'muted', text: 'These runs were kept before their charts were; run again to chart them.' })); return []; }
  if (missing.length) host.append(h('p', { class: 'muted', text: `Run ${labels[runs.indexOf(missing[0])]} was kept before its charts were: only the other is drawn.` }));
  const plots = [];
  for (const chart of OVERLAY_CHARTS) {
    const box = h('div', { class: 'chart cmp-chart', 'data-testid': `past-chart-${chart.key}` }, h('div', { class: 'chart-title' }, h('span', { text: titleWithUnit(chart.title, chart.unit === 'instances' ? '' : chart.unit) })));
    host.append(box);
    const width = Math.max(200, box.clientWidth - 4);
    plots.push(new uPlot({
      width, height: 130,
      legend: { show: runs.length > 1, live: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: (u, lo, hi) => [0, Math.max((hi || 0) * 1.15, chart.floor ?? 1)] } },
      axes: [{ stroke: '#334155', size: 22, font: '12px system-ui', grid: { stroke: '#e5e9f0' }, values: (u, ticks) => ticks.map((t) => `${Math.round(t)}s`) },
        { stroke: '#334155', size: 58, font: '12px system-ui', grid: { stroke: '#e5e9f0' }, values: (u, ticks) => ticks.map((v) => tickWithUnit(Math.abs(v) < 1 && v !== 0 ? v.toFixed(Math.abs(v) < 0.1 ? 3 : 2) : String(Math.round(v * 10) / 10), chart.unit)) }],
      series: [{}, ...runs.map((r, i) => ({ label: runs.length > 1 ? `Run ${'AB'[i]}` : 'this run', stroke: RUN_COLOURS[i], width: 2, spanGaps: true, points: { show: false } }))],
    }, overlay(runs.map((r) => r.series), chart), box));
  }
  return plots;
}

function section(title, body) { return h('section', { class: 'report-section' }, h('h3', { text: title }), body); }

function num(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2).replace(/\.?0+$/, '');
  return v.toFixed(3).replace(/\.?0+$/, '') || '0';
}
