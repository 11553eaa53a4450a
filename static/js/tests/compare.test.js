import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figureRows, goalRows, faultRows, overlay, OVERLAY_CHARTS, runLabel, hasSeries, difference, figuresOf } from '../live/compare.js';

const report = (cost, p99, failed, goals = [], faults = []) => ({
  requests: { total: 100, ok: 100 - failed, failed },
  latency_ms: { p50: 10, p95: 50, p99 },
  cost: { per_hour: cost, total: cost / 60 },
  goals,
  faults,
});

test('the headline figures say which run did better, each the right way round', () => {
  const rows = figureRows(report(0.5, 200, 10, [{ passed: true }, { passed: false }]), report(1.5, 90, 0, [{ passed: true }, { passed: true }]));
  const by = Object.fromEntries(rows.map((r) => [r.key, r]));
  assert.equal(by.cost_per_hour.better, 'a'); // cheaper wins
  assert.equal(by.p99.better, 'b'); // faster wins
  assert.equal(by.error_rate.a, 0.1);
  assert.equal(by.error_rate.better, 'b');
  assert.equal(by.goals.a, 1);
  assert.equal(by.goals.better, 'b'); // more goals met wins
  assert.equal(by.p50.better, null); // equal: neither
  assert.equal(by.requests.better, null); // not better or worse
});

test('a missing figure is null and never "better"', () => {
  const rows = figureRows({}, report(1, 10, 0));
  for (const r of rows) assert.equal(r.better, null, r.key);
  assert.equal(figuresOf(null).goals, null);
  assert.equal(figuresOf({ requests: { total: 0, failed: 0 } }).error_rate, null);
});

test('goals are matched by metric, scope and target; one only in B gets its own row', () => {
  const g = (metric, value, passed, scope) => ({ metric, op: '<=', value, passed, actual: 1, ...(scope ? { scope } : {}) });
  const rows = goalRows(
    { goals: [g('latency_p99_ms', 300, false), g('cost_per_hour', 2, true)] },
    { goals: [g('cost_per_hour', 2, false, 'global'), g('latency_p99_ms', 300, true), g('error_rate', 0.01, true)] },
  );
  assert.deepEqual(rows.map((r) => [r.metric, !!r.a, !!r.b]), [['latency_p99_ms', true, true], ['cost_per_hour', true, true], ['error_rate', false, true]]);
  assert.equal(rows[0].a.passed, false);
  assert.equal(rows[0].b.passed, true);
});

test('faults are matched by kind and target, the nth with the nth', () => {
  const f = (kind, target, rto) => ({ kind, target, at: 10, rto_s: rto, rpo_s: 0 });
  const rows = faultRows({ faults: [f('az_outage', 'us-east-1a', 30), f('az_outage', 'us-east-1a', 40)] }, { faults: [f('az_outage', 'us-east-1a', 5), f('instance_crash', 'web', null)] });
  assert.equal(rows.length, 3);
  assert.deepEqual([rows[0].a.rto_s, rows[0].b.rto_s], [30, 5]);
  assert.deepEqual([rows[1].a.rto_s, rows[1].b], [40, null]);
  assert.deepEqual([rows[2].kind, rows[2].a, rows[2].b.rto_s], ['instance_crash', null, null]);
});

test('series are overlaid on the union of both runs\' times, with gaps as null and scaling', () => {
  const errors = OVERLAY_CHARTS.find((c) => c.key === 'errors');
  const a = { t: [1, 2, 3], error_rate: [0.1, 0.2, null] };
  const b = { t: [2, 4], error_rate: [0.5, 0] };
  assert.deepEqual(overlay([a, b], errors), [[1, 2, 3, 4], [10, 20, null, null], [null, 50, null, 0]]);
  assert.deepEqual(overlay([a, null], OVERLAY_CHARTS[0]), [[1, 2, 3], [null, null, null], [null, null, null]]); // no rps kept, no B
  const none = overlay([null, b], OVERLAY_CHARTS.find((c) => c.key === 'cost'));
  assert.deepEqual(none, [[2, 4], [null, null], [null, null]]);
  assert.equal(hasSeries({ series: a }), true);
  assert.equal(hasSeries({ series: null }), false);
});

test('labels name the run, its time and seed; differences read B minus A', () => {
  assert.equal(runLabel({ created: 'x', seed: 7 }, 1, () => '14:32'), 'B · 14:32 · seed 7');
  const fmt = (v) => `$${v.toFixed(2)}/h`;
  assert.equal(difference({ a: 0.5, b: 1.25 }, fmt), '+$0.75/h');
  assert.equal(difference({ a: 2, b: 1.5 }, fmt), '−$0.50/h');
  assert.equal(difference({ a: 1, b: 1 }, fmt), 'same');
  assert.equal(difference({ a: null, b: 1 }, fmt), '');
});
