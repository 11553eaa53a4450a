/**
 * Pure helpers for live figures (no DOM): what colour and width an edge gets for its traffic,
 * which node is the bottleneck, what state a node is in, how a number reads. node --test covers them.
 */

export const STATUS = {
  ok: { colour: '#15803d', label: 'OK', shape: 'circle' },
  degraded: { colour: '#b45309', label: 'Degraded', shape: 'triangle' },
  throttled: { colour: '#b45309', label: 'Throttled', shape: 'triangle' },
  down: { colour: '#b91c1c', label: 'Down', shape: 'square' },
  idle: { colour: '#64748b', label: 'Idle', shape: 'circle' },
};

export function statusOf(fig) {
  if (!fig) return 'idle';
  const s = String(fig.status || 'ok');
  if (s === 'down' || s === 'failed' || s === 'outage') return 'down';
  if (s !== 'ok') return STATUS[s] ? s : 'degraded';
  if ((fig.utilization ?? 0) >= 0.95) return 'degraded';
  return 'ok';
}

/** Edge width and colour by requests per second, relative to the busiest edge of the frame. */
export function edgeStyle(rps, maxRps) {
  const r = Math.max(0, rps || 0);
  if (r <= 0) return { width: 2, colour: '#94a3b8', busy: false };
  const rel = maxRps > 0 ? Math.min(1, Math.log10(1 + r) / Math.log10(1 + maxRps)) : 0;
  const width = 2.5 + rel * 7.5;
  const colour = rel > 0.75 ? '#1d4ed8' : rel > 0.4 ? '#2563eb' : '#60a5fa';
  return { width: Math.round(width * 2) / 2, colour, busy: rel > 0.5 }; // half-pixel steps: fewer repaints
}

/** The node that limits the design now: the most utilised one, if it is really busy. */
export function bottleneck(nodes) {
  let best = null;
  let u = 0.8;
  for (const [id, fig] of Object.entries(nodes || {})) {
    if (typeof fig?.utilization === 'number' && fig.utilization >= u) { best = id; u = fig.utilization; }
  }
  return best;
}

export function fmtNumber(v, digits = 0) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (Math.abs(v) >= 10000) return `${(v / 1000).toFixed(0)}k`;
  if (Math.abs(v) >= 1000) return `${(v / 1000).toFixed(1)}k`;
  return v.toFixed(digits);
}

export function fmtMs(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '–';
  if (ms >= 10000) return `${(ms / 1000).toFixed(0)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

/** An error rate (a share, 0..1) as a learner reads a goal: "1%", "0.1%", "0.05%", "0%". */
export function fmtRate(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  const p = x * 100;
  if (p === 0) return '0%';
  return `${p < 0.1 ? Number(p.toPrecision(1)) : Number(p.toFixed(p < 10 ? 2 : 1))}%`;
}

/** A goal's comparison as it reads: "≤", "≥"... */
export const GOAL_OPS = { '<=': '≤', '>=': '≥', '<': '<', '>': '>', '==': '=' };

const MEASURES = new Set(['ms', 's', 'req/s', '%']); // units that are no count's noun

/** Number text `text` with `unit` as a learner reads it: "$0.52/h" (USD/h), "1.2%", "180 ms",
 * "3 duplicates", "1 message" (a count's noun singular for one: `one`); text alone without a unit. */
export function withUnit(text, unit, one = false) {
  if (!unit) return text;
  if (unit === 'USD/h') return `$${text}/h`;
  if (unit === '%') return `${text}%`;
  const noun = one && !MEASURES.has(unit) && unit.endsWith('s') ? unit.slice(0, -1) : unit;
  return `${text} ${noun}`;
}

/** A chart's y-axis tick with its unit, short enough for the axis: "200 ms", "5%", "$0.5",
 * "1.2k/s"; counts (instances, messages), whose chart's title names them, as they are. */
export function tickWithUnit(text, unit) {
  if (unit === 'USD/h') return `$${text}`;
  if (unit === '%') return `${text}%`;
  if (unit === 'req/s') return `${text}/s`;
  if (unit === 'ms' || unit === 's') return `${text} ${unit}`;
  return text;
}

/** A chart's title with its unit: "Throughput, req/s", "Cost per hour, $/h". */
export function titleWithUnit(title, unit) {
  if (!unit) return title;
  return `${title}, ${unit === 'USD/h' ? '$/h' : unit}`;
}

/** A goal's target or measured value: an error rate in percent, any other metric through `num`
 * with its unit, when one is given ("250 ms", "$0.5/h", "3 duplicates"). */
export function fmtGoalValue(metric, v, unit, num) {
  if (metric === 'error_rate') return fmtRate(v);
  if (v === null || v === undefined) return num(v);
  return withUnit(num(v), unit, v === 1);
}

/** What a goal's row shows as measured: the value, or, when there is no number to show (a p99
 * that failed requests decide, a fault not recovered from), the report's sentence saying why. */
export function goalActualText(goal, unit, num) {
  if ((goal.actual === null || goal.actual === undefined) && goal.detail) return goal.detail;
  return fmtGoalValue(goal.metric, goal.actual, unit, num);
}

/**
 * The live panel's p99, said so it agrees with the report: the frame's `p99_ms` covers the last
 * 1 s of simulated time, the report's p99 the whole run after warm-up; the frame's `run_p99_ms`
 * is that figure so far (simengine/report.py build_frame). Both of the requests that succeeded.
 * `warmup`: the design's warm-up (s), to say why there is no run figure yet.
 */
export function p99Kpi(frame, warmup = 0) {
  const g = frame?.global || {};
  const now = g.ok_rps > 0 && typeof g.p99_ms === 'number' ? fmtMs(g.p99_ms) : '–';
  let soFar;
  if (typeof g.run_p99_ms === 'number') soFar = `run so far ${fmtMs(g.run_p99_ms)}`;
  else if (warmup > 0 && (frame?.t ?? 0) <= warmup) soFar = 'run so far: warm-up';
  else soFar = 'run so far –';
  const after = warmup > 0 ? ` after its ${warmup} s warm-up` : '';
  return { label: 'p99 (last 1 s)', value: now, sub: soFar, title: `The latency 99% of the requests that succeeded stayed under, over the last simulated second. "Run so far" is over the whole run${after}: the figure the report will give.` };
}

export function fmtPercent(x) { return x === null || x === undefined ? '–' : `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`; }

export function fmtTime(t) {
  const s = Math.max(0, Math.floor(t || 0));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The kind-specific line under a node: instances, queue depth, cache hits, replica lag.
 * `compact` (projector mode, where the text is large): the short words. */
export function detailLine(fig, compact = false) {
  if (!fig) return '';
  if (fig.instances) {
    const i = fig.instances;
    // "healthy" means what the ALB's line means (simengine/components/instance_health.py): in
    // service, running and passing its health checks; the two counts agree in every frame.
    const parts = [`${i.in_service ?? 0} healthy`];
    if (i.pending) parts.push(`${i.pending} pending`);
    if (i.unhealthy) parts.push(`${i.unhealthy} unhealthy`);
    if (i.draining) parts.push(`${i.draining} draining`);
    return parts.join(' · ');
  }
  if (typeof fig.depth === 'number') return `queue ${fmtNumber(fig.depth)}${typeof fig.oldest_age_s === 'number' ? ` · oldest ${fig.oldest_age_s.toFixed(0)} s` : ''}`;
  if (typeof fig.hit_ratio === 'number') return `hit ratio ${fmtPercent(fig.hit_ratio)}`;
  if (typeof fig.replica_lag_ms === 'number' && fig.replica_lag_ms > 0) return `replica lag ${fmtMs(fig.replica_lag_ms)}`;
  if (typeof fig.healthy_targets === 'number') return targetsLine(fig, compact);
  if (typeof fig.throttled === 'number' && fig.throttled > 0) return `${fmtNumber(fig.throttled)} throttled`;
  return '';
}

/** The ALB's line: healthy targets (in service, running, passing health checks: the groups'
 * "healthy"), and stopped targets it still sends traffic to until their checks fail. */
export function targetsLine(fig, compact = false) {
  const stale = fig.stale > 0 ? (compact ? ` · ${fig.stale} stopped` : ` · ${fig.stale} stopped, checks not failed yet`) : '';
  return `${fig.healthy_targets}/${fig.targets} ${compact ? 'healthy' : 'targets healthy'}${stale}${fig.fail_open ? ' · fail open' : ''}`;
}

/** Which AZs and Regions are dark at time t, from the design's scheduled faults and live injections. */
export function darkPlaces(faults, t) {
  const out = new Set();
  for (const f of faults || []) {
    if (f.kind !== 'az_outage' && f.kind !== 'region_outage') continue;
    const end = f.duration === null || f.duration === undefined ? Infinity : f.at + f.duration;
    if (t >= f.at && t < end) out.add(f.target);
  }
  return out;
}

/** Sum of a kind of figure over all nodes (for the instance and queue charts). */
export function totals(nodes) {
  const out = { in_service: 0, pending: 0, unhealthy: 0, depth: 0 };
  for (const fig of Object.values(nodes || {})) {
    if (fig.instances) { out.in_service += fig.instances.in_service || 0; out.pending += fig.instances.pending || 0; out.unhealthy += fig.instances.unhealthy || 0; }
    if (typeof fig.depth === 'number') out.depth += fig.depth;
  }
  return out;
}

/** The faults a run's owner injected, as the frames' events acknowledge them (the "inject"
 * control, with its fault and the simulated time it began): what a viewer shades and bands. */
export function injectedFaults(events) {
  const out = [];
  for (const ev of events || []) {
    const f = ev?.kind === 'control' && ev.control === 'inject' ? ev.fault : null;
    if (f && typeof f.kind === 'string' && typeof f.target === 'string') out.push({ ...f, at: ev.t ?? 0, duration: f.duration ?? null });
  }
  return out;
}
