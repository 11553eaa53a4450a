import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClassBoard, goalCell, goalHeading, fmtMeasure } from '../classroom/board.js';

const GOALS = [
  { metric: 'p99_ms', scope: 'users', op: '<=', value: 300, label: 'p99 latency', unit: 'ms' },
  { metric: 'error_rate', scope: null, op: '<=', value: 0.01, label: 'Error rate', unit: null },
];
const sub = (id, created, passed, goals) => ({ id, created, goals_passed: passed, goals_total: 2, goals });
const line = (id, name, latest, best = latest) => ({ enrollment_id: id, display_name: name, submissions: latest ? 1 : 0, latest, best });

function board() {
  const b = new ClassBoard();
  b.apply({ type: 'results', assignment: { code: 'ABC234' }, goals: GOALS, joined: 3, submitted: 2, students: [
    line(1, 'zoe', sub('a', '2026-12-03T10:00:05Z', 1, [])),
    line(2, 'Amir', sub('b', '2026-12-03T10:00:01Z', 2, []), sub('c', '2026-12-03T09:59:00Z', 2, [])),
    line(3, 'bea', null),
  ] });
  return b;
}

test('the board sorts by name ignoring case, by goals passed and by the latest time', () => {
  const b = board();
  assert.deepEqual(b.rows().map((s) => s.display_name), ['Amir', 'bea', 'zoe']);
  b.sortBy('name');
  assert.deepEqual(b.rows().map((s) => s.display_name), ['zoe', 'bea', 'Amir'], 'the same key again turns the order round');
  b.sortBy('passed');
  assert.deepEqual(b.rows().map((s) => s.display_name), ['Amir', 'zoe', 'bea'], 'most first; nothing submitted last');
  b.sortBy('latest');
  assert.deepEqual(b.rows().map((s) => s.display_name), ['zoe', 'Amir', 'bea']);
  assert.equal(b.countsText(), '3 joined, 2 submitted');
});

test('an update replaces only the lines it carries, and the counts', () => {
  const b = board();
  const changed = b.apply({ type: 'update', joined: 4, submitted: 3, students: [line(3, 'bea', sub('d', '2026-12-03T10:01:00Z', 0, [])), line(4, 'Cy', null)] });
  assert.deepEqual(changed, [3, 4]);
  assert.equal(b.students.size, 4);
  assert.equal(b.students.get(3).latest.id, 'd');
  assert.equal(b.students.get(1).latest.id, 'a');
  assert.equal(b.countsText(), '4 joined, 3 submitted');
  assert.deepEqual(b.apply({ type: 'error', code: 'read_only' }), []);
});

test('goal cells show pass or fail and the number with its unit, matched by goal', () => {
  const s = sub('x', 'now', 1, [
    { metric: 'error_rate', scope: null, op: '<=', value: 0.01, actual: 0.034, passed: false },
    { metric: 'p99_ms', scope: 'users', op: '<=', value: 300, actual: 182.4, passed: true },
  ]);
  assert.deepEqual(goalCell(s, GOALS[0], 0), { state: 'pass', text: '182 ms' });
  assert.deepEqual(goalCell(s, GOALS[1], 1), { state: 'fail', text: '3.4%' });
  assert.deepEqual(goalCell(null, GOALS[0], 0), { state: 'none', text: '–' });
  const unmeasured = sub('y', 'now', 0, [{ ...GOALS[0], actual: null, passed: false }]);
  assert.deepEqual(goalCell(unmeasured, GOALS[0], 0), { state: 'fail', text: 'n/a' });
  assert.equal(goalHeading(GOALS[0]), 'p99 latency (users) ≤ 300 ms');
  assert.equal(goalHeading(GOALS[1]), 'Error rate ≤ 1%');
  assert.equal(fmtMeasure({ metric: 'cost_per_hour', unit: 'USD/h' }, 0.51234), '$0.512/h');
  assert.equal(fmtMeasure({ metric: 'p99_ms', unit: 'ms' }, 7500), '7.5 s');
});

test('the best submission can be shown instead of the latest', () => {
  const b = board();
  b.show = 'best';
  assert.equal(b.shown(b.students.get(2)).id, 'c');
  b.show = 'latest';
  assert.equal(b.shown(b.students.get(2)).id, 'b');
});
