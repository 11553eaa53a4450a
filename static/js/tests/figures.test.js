import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusOf, edgeStyle, bottleneck, detailLine, darkPlaces, injectedFaults, totals, fmtMs, fmtRate, fmtGoalValue, goalActualText, p99Kpi } from '../live/figures.js';
import { fmtCount } from '../model/words.js';

test('status reads from the frame, and a saturated node counts as degraded', () => {
  assert.equal(statusOf(undefined), 'idle');
  assert.equal(statusOf({ status: 'ok', utilization: 0.5 }), 'ok');
  assert.equal(statusOf({ status: 'ok', utilization: 0.97 }), 'degraded');
  assert.equal(statusOf({ status: 'down' }), 'down');
  assert.equal(statusOf({ status: 'throttled' }), 'throttled');
  assert.equal(statusOf({ status: 'something-new' }), 'degraded');
});

test('edges get wider and darker with traffic; idle edges stay thin', () => {
  const idle = edgeStyle(0, 100);
  const small = edgeStyle(5, 1000);
  const big = edgeStyle(1000, 1000);
  assert.equal(idle.width, 2);
  assert.ok(small.width < big.width);
  assert.equal(big.busy, true);
  assert.equal(small.busy, false);
});

test('the bottleneck is the busiest node above 80% utilisation, or none', () => {
  assert.equal(bottleneck({ a: { utilization: 0.5 }, b: { utilization: 0.7 } }), null);
  assert.equal(bottleneck({ a: { utilization: 0.85 }, b: { utilization: 0.99 } }), 'b');
});

test('the kind-specific line shows instances, queue depth, cache hits, replica lag', () => {
  assert.equal(detailLine({ instances: { in_service: 4, pending: 2, unhealthy: 1 } }), '4 healthy · 2 pending · 1 unhealthy');
  assert.equal(detailLine({ instances: { in_service: 4, pending: 0, unhealthy: 0 } }), '4 healthy');
  assert.equal(detailLine({ instances: { in_service: 1, pending: 0, unhealthy: 0, draining: 2 } }), '1 healthy · 2 draining');
  // the ALB's line uses the same word for the same count, and says which stopped targets it still uses
  assert.equal(detailLine({ healthy_targets: 2, targets: 3, stale: 1 }), '2/3 targets healthy · 1 stopped, checks not failed yet');
  assert.equal(detailLine({ healthy_targets: 3, targets: 3, stale: 0 }), '3/3 targets healthy');
  assert.equal(detailLine({ depth: 1420, oldest_age_s: 33.5 }), 'queue 1.4k · oldest 34 s');
  assert.equal(detailLine({ hit_ratio: 0.87 }), 'hit ratio 87%');
  assert.equal(detailLine({ replica_lag_ms: 1200 }), 'replica lag 1.2 s');
  assert.equal(fmtMs(0.5), '0.5 ms');
});

test('AZs and Regions are dark while their outage lasts', () => {
  const faults = [{ kind: 'az_outage', target: 'us-east-1b', at: 100, duration: 60 }, { kind: 'region_outage', target: 'eu-west-1', at: 10, duration: null }];
  assert.deepEqual([...darkPlaces(faults, 50)], ['eu-west-1']);
  assert.deepEqual([...darkPlaces(faults, 120)].sort(), ['eu-west-1', 'us-east-1b']);
  assert.deepEqual([...darkPlaces(faults, 160)], ['eu-west-1']);
});

test('instance and queue totals add up over all nodes', () => {
  assert.deepEqual(totals({ a: { instances: { in_service: 2, pending: 1, unhealthy: 0 } }, q: { depth: 5 }, r: { depth: 7 } }), { in_service: 2, pending: 1, unhealthy: 0, depth: 12 });
});

test('counts read as English: one problem, two problems, no AZs', () => {
  assert.equal(fmtCount(1, 'problem'), '1 problem');
  assert.equal(fmtCount(2, 'problem'), '2 problems');
  assert.equal(fmtCount(0, 'AZ'), '0 AZs');
});

test('error rates in goals read as percentages', () => {
  assert.deepEqual([0.01, 0.001, 0.0005, 0, 0.5, 0.0123, null].map(fmtRate), ['1%', '0.1%', '0.05%', '0%', '50%', '1.23%', '–']);
});

test('a goal value reads in its unit, an error rate in percent', () => {
  assert.equal(fmtGoalValue('p99_ms', 200, 'ms', String), '200 ms');
  assert.equal(fmtGoalValue('throughput_rps', 12.5, null, String), '12.5');
  assert.equal(fmtGoalValue('error_rate', 0.01, null, String), '1%');
});

test('a goal with no number to show says why, in the report\'s words', () => {
  const failed = { metric: 'p99_ms', actual: null, detail: '12.0% of the requests failed (1,200); a failed request counts as slower than any target' };
  assert.equal(goalActualText(failed, 'ms', String), failed.detail);
  assert.equal(goalActualText({ metric: 'p99_ms', actual: 180, detail: null }, 'ms', String), '180 ms');
  assert.equal(goalActualText({ metric: 'error_rate', actual: 0.02 }, null, String), '2%');
});

test('the panel labels its p99 as the last second and shows the run so far, as the report counts it', () => {
  const frame = { t: 120, global: { ok_rps: 50, p99_ms: 412.4, run_p99_ms: 188.2 } };
  const k = p99Kpi(frame, 30);
  assert.equal(k.label, 'p99 (last 1 s)');
  assert.equal(k.value, '412 ms');
  assert.equal(k.sub, 'run so far 188 ms');
  assert.match(k.title, /whole run after its 30 s warm-up/);
  assert.equal(p99Kpi({ t: 12, global: { ok_rps: 50, p99_ms: 90, run_p99_ms: null } }, 30).sub, 'run so far: warm-up', 'during warm-up: why there is no figure yet');
  assert.doesNotMatch(p99Kpi(frame, 0).title, /warm-up/, 'no warm-up: none mentioned');
  assert.equal(p99Kpi({ t: 50, global: { ok_rps: 0, p99_ms: 0, run_p99_ms: null } }, 30).value, '–', 'no request succeeded this second: no figure, not 0 ms');
  assert.equal(p99Kpi({ t: 50, global: { ok_rps: 0, p99_ms: 0, run_p99_ms: null } }, 30).sub, 'run so far –');
  assert.equal(p99Kpi({ t: 50, global: { ok_rps: 5, p99_ms: 1500, run_p99_ms: 2500 } }).sub, 'run so far 2.5 s');
  assert.equal(p99Kpi(undefined).value, '–', 'no frame yet');
});

test('a viewer reads the injected faults off the acknowledgements, and shades them from then on', () => {
  const events = [
    { t: 3, kind: 'scale_out', node: 'web', message: 'scaled out' },
    { t: 40.5, kind: 'control', control: 'inject', fault: { kind: 'az_outage', target: 'us-east-1a', duration: 60 }, message: 'Injected' },
    { t: 41, kind: 'control', control: 'pause', message: 'Paused at 41.0 s' },
    { t: 50, kind: 'control', control: 'inject', fault: { kind: 'region_outage', target: 'eu-west-1' } },
    { t: 51, kind: 'control', control: 'inject', fault: { kind: 'az_outage' } },
  ];
  const faults = injectedFaults(events);
  assert.deepEqual(faults, [
    { kind: 'az_outage', target: 'us-east-1a', duration: 60, at: 40.5 },
    { kind: 'region_outage', target: 'eu-west-1', duration: null, at: 50 },
  ]);
  assert.deepEqual([...darkPlaces(faults, 40)], []);
  assert.deepEqual([...darkPlaces(faults, 45)], ['us-east-1a']);
  assert.deepEqual([...darkPlaces(faults, 200)], ['eu-west-1'], 'the AZ came back; the Region never does');
  assert.deepEqual(injectedFaults(undefined), []);
});

test('every goal number, chart tick and chart title says its unit', async () => {
  const { fmtGoalValue, withUnit, tickWithUnit, titleWithUnit } = await import('../live/figures.js');
  const num = (v) => (v === null || v === undefined ? '–' : String(v));
  assert.equal(fmtGoalValue('p99_ms', 75.45, 'ms', num), '75.45 ms');
  assert.equal(fmtGoalValue('error_rate', 0.012, null, num), '1.2%');
  assert.equal(fmtGoalValue('cost_per_hour', 0.52, 'USD/h', num), '$0.52/h');
  assert.equal(fmtGoalValue('throughput_rps', 150, 'req/s', num), '150 req/s');
  assert.equal(fmtGoalValue('duplicates_applied', 3, 'duplicates', num), '3 duplicates');
  assert.equal(fmtGoalValue('dead_lettered', 1, 'messages', num), '1 message');
  assert.equal(fmtGoalValue('rto_s', 1, 's', num), '1 s');
  assert.equal(fmtGoalValue('p99_ms', null, 'ms', num), '–', 'no number: no dangling unit');
  assert.equal(withUnit('3', 'instances'), '3 instances');
  assert.equal(tickWithUnit('200', 'ms'), '200 ms');
  assert.equal(tickWithUnit('5', '%'), '5%');
  assert.equal(tickWithUnit('0.5', 'USD/h'), '$0.5');
  assert.equal(tickWithUnit('1.2k', 'req/s'), '1.2k/s');
  assert.equal(titleWithUnit('Cost per hour', 'USD/h'), 'Cost per hour, $/h');
  assert.equal(titleWithUnit('Instances', ''), 'Instances');
});
