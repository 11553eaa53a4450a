/**
 * Two kept runs side by side (pure, no DOM; node --test covers it): the headline figures with
 * which run did better, the goals matched by what they measure, RTO/RPO per fault, and each
 * chart's series of both runs on one time axis for uPlot. The view is compare-view.js.
 */

/** How each overlaid chart reads a run's stored series (playground/live/series.py columns);
 * `floor`: the least top of its y axis (else 1), so small figures still fill the chart. */
export const OVERLAY_CHARTS = [
  { key: 'throughput', title: 'Throughput', unit: 'req/s', column: 'rps' },
  { key: 'latency', title: 'Latency p99 (each 1 s)', unit: 'ms', column: 'p99_ms' },
  { key: 'errors', title: 'Error rate', unit: '%', column: 'error_rate', scale: 100, floor: 5 },
  { key: 'instances', title: 'Instances in service', unit: 'instances', column: 'in_service' },
  { key: 'queue', title: 'Queue depth', unit: 'messages', column: 'depth' },
  { key: 'cost', title: 'Cost per hour', unit: 'USD/h', column: 'cost_per_hour', floor: 0.01 },
];

export const RUN_COLOURS = ['#1d4ed8', '#c2410c'];

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/** "A · 14:32:05 · seed 1": which run, when it started (the learner's clock) and its seed. */
export function runLabel(run, index, timeOf = defaultTime) {
  const letter = 'AB'[index] || String(index + 1);
  return `${letter} · ${timeOf(run.created)} · seed ${run.seed}`;
}

function defaultTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '?' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** The report's headline figures: {key: number|null}. */
export function figuresOf(report) {
  const r = report || {};
  const req = r.requests || {};
  const lat = r.latency_ms || {};
  const goals = r.goals || [];
  return {
    goals: goals.length ? goals.filter((g) => g.passed).length : null,
    requests: isNum(req.total) ? req.total : null,
    error_rate: isNum(req.total) && req.total > 0 ? (req.failed || 0) / req.total : null,
    p50: isNum(lat.p50) ? lat.p50 : null,
    p95: isNum(lat.p95) ? lat.p95 : null,
    p99: isNum(lat.p99) ? lat.p99 : null,
    cost_per_hour: isNum(r.cost?.per_hour) ? r.cost.per_hour : null,
    cost_total: isNum(r.cost?.total) ? r.cost.total : null,
  };
}

// Which way is better for each figure: +1 more is better, -1 less is better, 0 neither.
const FIGURES = [
  ['goals', 'Goals met', +1],
  ['p50', 'Latency p50', -1],
  ['p95', 'Latency p95', -1],
  ['p99', 'Latency p99', -1],
  ['error_rate', 'Error rate', -1],
  ['requests', 'Requests', 0],
  ['cost_per_hour', 'Cost per hour', -1],
  ['cost_total', 'Cost for the run', -1],
];

/** [{key, label, a, b, better: 'a'|'b'|null}] for the two reports. */
export function figureRows(reportA, reportB) {
  const fa = figuresOf(reportA);
  const fb = figuresOf(reportB);
  return FIGURES.map(([key, label, sense]) => {
    const a = fa[key];
    const b = fb[key];
    let better = null;
    if (sense && isNum(a) && isNum(b) && a !== b) better = (b - a) * sense > 0 ? 'b' : 'a';
    return { key, label, a, b, better };
  });
}

const goalKey = (g) => `${g.metric}|${g.scope || 'global'}|${g.op}|${g.value}`;

/** The goals of both runs, matched by metric, scope and target, in A's order then B's extra:
 * [{metric, scope, op, value, a: goal|null, b: goal|null}]. */
export function goalRows(reportA, reportB) {
  const rows = new Map();
  for (const [side, report] of [['a', reportA], ['b', reportB]]) {
    for (const g of report?.goals || []) {
      const key = goalKey(g);
      if (!rows.has(key)) rows.set(key, { metric: g.metric, scope: g.scope || 'global', op: g.op, value: g.value, a: null, b: null });
      const row = rows.get(key);
      if (!row[side]) row[side] = g;
    }
  }
  return [...rows.values()];
}

/** RTO and RPO per fault, matched by kind and target (the nth of the same in each):
 * [{kind, target, a: fault|null, b: fault|null}]. */
export function faultRows(reportA, reportB) {
  const rows = [];
  const seen = new Map();
  for (const [side, report] of [['a', reportA], ['b', reportB]]) {
    const counts = new Map();
    for (const f of report?.faults || []) {
      const base = `${f.kind}|${f.target}`;
      const n = counts.get(base) || 0;
      counts.set(base, n + 1);
      const key = `${base}|${n}`;
      if (!seen.has(key)) { const row = { kind: f.kind, target: f.target, a: null, b: null }; seen.set(key, row); rows.push(row); }
      seen.get(key)[side] = f;
    }
  }
  return rows;
}

/** One chart's data for uPlot: [xs, ys of run A, ys of run B] on the union of both runs' times
 * (null where a run has no sample there; the chart joins across those gaps). A run without a
 * series (stored before series were kept) contributes nulls. */
export function overlay(seriesList, chart) {
  const scale = chart.scale || 1;
  const maps = seriesList.map((s) => {
    const m = new Map();
    const ts = s?.t || [];
    const ys = s?.[chart.column] || [];
    ts.forEach((t, i) => { if (isNum(t)) m.set(t, isNum(ys[i]) ? ys[i] * scale : null); });
    return m;
  });
  const xs = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort((x, y) => x - y);
  return [xs, ...maps.map((m) => xs.map((t) => (m.has(t) ? m.get(t) : null)))];
}

/** Whether a run kept its charts (runs stored before series were kept did not). */
export const hasSeries = (run) => Array.isArray(run?.series?.t) && run.series.t.length > 0;

/** The signed difference B minus A, said as a learner reads it ("+$0.42/h", "−12 ms"). */
export function difference(row, fmt) {
  if (!isNum(row.a) || !isNum(row.b)) return '';
  const d = row.b - row.a;
  if (d === 0) return 'same';
  return `${d > 0 ? '+' : '−'}${fmt(Math.abs(d))}`;
}
