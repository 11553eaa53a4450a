/** The end-of-run report: goals pass/fail with numbers, requests and latency, measured RTO/RPO
 * for each fault, the per-hop latency breakdown and the cost. */
import { h } from '../panels/dom.js';
import { fmtMs, fmtNumber, fmtPercent, fmtGoalValue, goalActualText, GOAL_OPS } from './figures.js';
import { flowDepth } from '../model/layout.js';
import { faultText, namesOf } from './event-words.js';


export function renderReport(report, editor, { onClose, onAgain } = {}) {
  const cat = editor.catalogue;
  const metrics = new Map((cat.goalMetrics || []).map((m) => [m.metric, m]));
  const goals = report.goals || [];
  const passed = goals.filter((g) => g.passed).length;
  const req = report.requests || {};
  const lat = report.latency_ms || {};
  // Only a complete run of the design as drawn grades it (simengine/report.py not_graded).
  const ungraded = report.graded === false && goals.length > 0;
  const verdict = ungraded ? `Not graded: ${report.not_graded}`
    : !goals.length ? 'Run complete' : passed === goals.length ? 'All goals met' : `${goals.length - passed} of ${goals.length} goals missed`;
  const tone = ungraded || !goals.length ? 'neutral' : passed === goals.length ? 'pass' : 'fail';

  const goalRows = goals.map((g) => {
    const m = metrics.get(g.metric);
    return h('tr', { class: g.passed ? 'row-pass' : 'row-fail' },
      h('td', { class: 'mark', text: ungraded ? (g.passed ? '✓ so far' : '✕ so far') : g.passed ? '✓ pass' : '✕ fail' }),
      h('td', { text: `${m?.label || g.metric}${g.scope && g.scope !== 'global' ? ` · ${g.scope}` : ''}` }),
      h('td', { class: 'num', text: `${GOAL_OPS[g.op] || g.op} ${fmtGoalValue(g.metric, g.value, m?.unit, num)}` }),
      h('td', { class: 'num strong', text: goalActualText(g, m?.unit, num) }));
  });

  const names = namesOf(editor.design, cat); // "AZ outage on us-east-1b", as the events strip says it
  const faults = (report.faults || []).map((f) => h('tr', {},
    h('td', { text: faultText(f.kind, f.target, '', names) }), h('td', { class: 'num', text: `at ${num(f.at)} s` }),
    h('td', { class: 'num strong', text: f.rto_s === null || f.rto_s === undefined ? 'not recovered' : `${num(f.rto_s)} s` }),
    h('td', { class: 'num strong', text: f.rpo_s === null || f.rpo_s === undefined ? '–' : `${num(f.rpo_s)} s` })));

  const depth = flowDepth(editor.design);
  const hops = Object.entries(report.nodes || {})
    .filter(([, n]) => typeof n.mean_ms === 'number' && (n.arrivals || n.completed))
    .sort((a, b) => (depth.get(a[0]) ?? 99) - (depth.get(b[0]) ?? 99));
  const maxMs = Math.max(1, ...hops.map(([, n]) => n.p95_ms || n.mean_ms || 0));
  const hopRows = hops.map(([id, n]) => {
    const node = editor.design.nodes.find((x) => x.id === id);
    return h('div', { class: 'hop' },
      h('span', { class: 'hop-name', text: node?.label || id }),
      h('span', { class: 'hop-bar' },
        h('i', { class: 'hop-mean', style: `width:${(100 * (n.mean_ms || 0)) / maxMs}%` }),
        h('i', { class: 'hop-p95', style: `left:${(100 * (n.p95_ms || 0)) / maxMs}%` })),
      h('span', { class: 'hop-num', text: `${fmtMs(n.mean_ms)} mean · p95 ${fmtMs(n.p95_ms)}` }));
  });

  return h('div', { class: `report report-${tone}`, 'data-testid': 'report' },
    h('div', { class: 'report-head' },
      h('div', {}, h('div', { class: 'report-kicker', text: `Report · ${num(report.duration)} s simulated · seed ${report.seed}` }), h('h2', { text: verdict })),
      h('div', { class: 'report-actions' },
        onAgain ? h('button', { class: 'btn btn-run', text: '▶ Run again', onclick: onAgain }) : null,
        h('button', { class: 'btn', 'data-testid': 'report-close', text: 'Back to the design', onclick: onClose }))),
    h('div', { class: 'kpis' },
      kpi('Requests', fmtNumber(req.total), `${fmtNumber(req.ok)} ok · ${fmtNumber(req.failed)} failed`),
      kpi('Error rate', fmtPercent(req.total ? req.failed / req.total : 0), Object.entries(req.by_cause || {}).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${fmtNumber(v)}`).join(' · ')),
      kpi('Latency p50 / p95 / p99', `${fmtMs(lat.p50)} · ${fmtMs(lat.p95)} · ${fmtMs(lat.p99)}`, `mean ${fmtMs(lat.mean)}${report.warmup > 0 ? ` · after the ${num(report.warmup)} s warm-up` : ''}`),
      kpi('Cost', `$${num(report.cost?.per_hour)}/h`, `$${num(report.cost?.total)} for this run`)),
    goals.length ? section('Goals', h('table', { class: 'rtable' }, h('tbody', {}, ...goalRows))) : null,
    faults.length ? section('Failures: recovery time (RTO) and data lost (RPO), measured', h('table', { class: 'rtable' },
      h('thead', {}, h('tr', {}, h('th', { text: 'fault' }), h('th', { text: 'when' }), h('th', { text: 'RTO' }), h('th', { text: 'RPO' }))), h('tbody', {}, ...faults))) : null,
    hops.length ? section('Where the time goes: per hop (own queueing + service)', h('div', { class: 'hops' }, ...hopRows)) : null);
}

function kpi(label, value, sub) {
  return h('div', { class: 'kpi' }, h('div', { class: 'kpi-label', text: label }), h('div', { class: 'kpi-value', text: value }), h('div', { class: 'kpi-sub', text: sub || '' }));
}

function section(title, body) { return h('section', { class: 'report-section' }, h('h3', { text: title }), body); }

function num(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2).replace(/\.?0+$/, '');
  return v.toFixed(3).replace(/\.?0+$/, '') || '0';
}
