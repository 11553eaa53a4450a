import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckSession, goalRows, knownLine, verdictLine, waitingLine, UNCERTAIN } from '../live/check.js';
import { gradedGoals, gradedFaults, goalKey, scenarioLock } from '../model/locked.js';

/** A socket the test plays the server of. */
function fakeOpen() {
  const made = [];
  const open = (path, handlers) => {
    const socket = { path, handlers, sent: [], closed: false, send(m) { this.sent.push(m); }, close() { this.closed = true; } };
    made.push(socket);
    return socket;
  };
  return { open, made };
}

const P99 = { metric: 'p99_ms', scope: 'shoppers', op: '<=', value: 300 };
const ERR = { metric: 'error_rate', scope: null, op: '<=', value: 0.01 };

test('a check goes starting, checking, done: each seed and each check point heard, the socket closed at its end', () => {
  const { open, made } = fakeOpen();
  const states = [];
  const s = new CheckSession({ open, on: { state: (x) => states.push(x) } });
  assert.equal(s.start({ designId: 'd1', seeds: 8 }), true);
  assert.deepEqual(made[0].sent, [{ type: 'check', design_id: 'd1', seeds: 8 }]);
  assert.equal(s.start({ designId: 'd1' }), false, 'one check at a time');
  const say = (m) => made[0].handlers.onMessage(m);
  say({ type: 'check_started', check: 'c', seeds: 8, workers: 1, goals: [P99] });
  say({ type: 'check_progress', check: 'c', done: 1, planned: 4 });
  say({ type: 'check_progress', check: 'c', done: 4, planned: 4, goals: [{ verdict: 'pass', pass_rate: 1 }] });
  say({ type: 'check_progress', check: 'c', done: 5, planned: 8 });
  assert.equal(s.done, 5);
  assert.equal(s.planned, 8);
  assert.equal(s.lookDone, 4, 'the verdicts so far are over the seeds of their check point');
  const result = { seeds: 8, passed: true, goals: [{ verdict: 'pass', pass_rate: 1, low: 100, high: 200 }] };
  say({ type: 'check_end', check: 'c', reason: 'completed', result, recorded: true });
  assert.deepEqual(states, ['starting', 'checking', 'done']);
  assert.equal(s.result, result);
  assert.equal(s.recorded, true);
  assert.equal(made[0].closed, true);
  made[0].handlers.onClose();
  assert.equal(s.state, 'done', 'the socket closing after the end changes nothing');
});

test('a refusal while starting, a final error or a closed socket ends the check as failed', () => {
  const { open, made } = fakeOpen();
  const s = new CheckSession({ open });
  s.start({ designId: 'd1' });
  assert.deepEqual(made[0].sent, [{ type: 'check', design_id: 'd1' }], 'no seeds: the server default');
  made[0].handlers.onMessage({ type: 'error', code: 'busy', message: 'Busy: you already have a check running.' });
  assert.equal(s.state, 'failed');
  assert.equal(s.error.code, 'busy');
  s.start({ designId: 'd1' });
  made[1].handlers.onMessage({ type: 'check_started', check: 'c', seeds: 20, goals: [P99] });
  made[1].handlers.onClose();
  assert.equal(s.state, 'failed');
  assert.match(s.error.message, /connection/);
});

test('a check with no core free waits in line: its place as it changes, then the usual progress', () => {
  const { open, made } = fakeOpen();
  const states = [];
  const s = new CheckSession({ open, on: { state: (x) => states.push(x) } });
  s.start({ designId: 'd1' });
  const say = (m) => made[0].handlers.onMessage(m);
  say({ type: 'check_queued', check: 'c', place: 3, ahead: 4 });
  assert.equal(s.state, 'queued');
  assert.equal(s.live, true, 'a waiting check can be cancelled');
  assert.equal(waitingLine(s).headline, 'Waiting: 4 ahead of you');
  assert.match(waitingLine(s).detail, /4 checks before yours \(yours is number 3 in line\)/);
  say({ type: 'check_queued', check: 'c', place: 1, ahead: 1 });
  assert.deepEqual([s.place, s.ahead], [1, 1]);
  assert.equal(waitingLine(s).headline, 'Waiting: 1 ahead of you');
  assert.match(waitingLine(s).detail, /1 check before yours \(yours starts next\)/);
  say({ type: 'check_started', check: 'c', seeds: 20, workers: 1, goals: [P99] });
  say({ type: 'check_progress', check: 'c', done: 1, planned: 4 });
  assert.equal(s.done, 1);
  assert.deepEqual(states, ['starting', 'queued', 'queued', 'checking'], 'each new place redraws');
  s.cancel();
  assert.deepEqual(made[0].sent.at(-1), { type: 'check_stop' });
});

test('a refusal while waiting in line ends the check as failed', () => {
  const { open, made } = fakeOpen();
  const s = new CheckSession({ open });
  s.start({ designId: 'd1' });
  made[0].handlers.onMessage({ type: 'check_queued', check: 'c', place: 1, ahead: 1 });
  made[0].handlers.onMessage({ type: 'error', code: 'crashed', check: 'c', final: true, message: 'The check could not start.' });
  assert.equal(s.state, 'failed');
  assert.equal(made[0].closed, true);
});

test('cancel asks the server, whose check_end says cancelled', () => {
  const { open, made } = fakeOpen();
  const s = new CheckSession({ open });
  s.cancel();
  assert.equal(made.length, 0, 'nothing to cancel');
  s.start({ designId: 'd1' });
  s.cancel();
  assert.deepEqual(made[0].sent.at(-1), { type: 'check_stop' });
  made[0].handlers.onMessage({ type: 'check_end', check: 'c', reason: 'cancelled' });
  assert.equal(s.state, 'cancelled');
  assert.equal(s.result, null);
});

test('goal rows speak the learner\'s words: the catalogue\'s label, the node\'s label, the target, the verdict', () => {
  const metrics = new Map([['p99_ms', { metric: 'p99_ms', label: 'p99 latency', unit: 'ms' }], ['error_rate', { metric: 'error_rate', label: 'Error rate' }]]);
  const nodes = [{ id: 'shoppers', label: 'Shoppers' }];
  const waiting = goalRows([P99, ERR], null, { metrics, nodes });
  assert.deepEqual(waiting.map((r) => [r.label, r.where, r.target, r.word]), [
    ['p99 latency', 'Shoppers', '≤ 300 ms', 'waiting…'],
    ['Error rate', 'whole design', '≤ 1%', 'waiting…'],
  ]);
  const rows = [
    { verdict: 'pass', pass_rate: 1, low: 182.4, high: 240.2, failed_outright: 0 },
    { verdict: UNCERTAIN, pass_rate: 0.55, low: 0.004, high: null, failed_outright: 1 },
  ];
  const soFar = goalRows([P99, ERR], rows, { metrics, nodes, seeds: 4 });
  assert.equal(soFar[0].word, 'passing so far');
  assert.equal(soFar[1].word, 'not certain yet');
  const final = goalRows([P99, ERR], rows, { final: true, metrics, nodes, seeds: 20 });
  assert.equal(final[0].word, 'Passed');
  assert.equal(final[0].rate, 'met on 20 of 20 seeds');
  assert.equal(final[0].interval, '95% interval 182 ms to 240 ms, all on the right side of the target');
  assert.equal(final[1].word, 'Not certain');
  assert.equal(final[1].rate, 'met on 11 of 20 seeds');
  assert.equal(final[1].interval, '95% interval 0.4% to unbounded (1 seed(s) failed outright), the target falls inside it');
  assert.match(final[1].why, /edge of this goal/);
  const zero = goalRows([P99], [{ verdict: UNCERTAIN, pass_rate: 0.5, low: 0, high: 1255.4 }], { final: true, metrics, seeds: 20 });
  assert.equal(zero[0].interval, '95% interval 0 ms to 1255 ms, the target falls inside it', 'a latency interval may start at 0');
});

test('a recovery goal is measured at the worst fault, or at the fault on its target', () => {
  const metrics = new Map([['rto_s', { metric: 'rto_s', label: 'Recovery time (RTO)', unit: 's', scopes: ['global', 'fault'] }]]);
  const rows = goalRows([{ metric: 'rto_s', scope: null, op: '<=', value: 120 }, { metric: 'rto_s', scope: 'us-east-1b', op: '<=', value: 60 }], null, { metrics });
  assert.deepEqual(rows.map((r) => [r.where, r.target]), [['worst fault', '≤ 120 s'], ['fault on us-east-1b', '≤ 60 s']]);
});

test('the verdict line counts failed and uncertain goals', () => {
  assert.equal(verdictLine({ seeds: 4, passed: true, goals: [] }), 'Passed: every goal met, whatever the seed (4 seeds).');
  const goals = [{ verdict: 'fail' }, { verdict: UNCERTAIN }, { verdict: 'pass' }];
  assert.equal(verdictLine({ seeds: 20, passed: false, goals }), 'Not passed: 1 failed, 1 not certain (20 seeds).');
  assert.equal(verdictLine(null), '');
});

test('seeds answered from earlier checks are said, and nothing is said when none were', () => {
  assert.equal(knownLine({ seeds: 8, seeds_known: 3 }), '3 of 8 seeds from earlier checks of the same design.');
  assert.match(knownLine({ seeds: 4, seeds_known: 4 }), /^All 4 seeds from earlier checks/);
  assert.equal(knownLine({ seeds: 4, seeds_known: 0 }), '');
  assert.equal(knownLine({ seeds: 4 }), '', 'a result from before the cache');
  assert.equal(knownLine(null), '');
});

test('a scenario\'s goals come first and locked; the learner\'s own follow, removable by their place in the document', () => {
  const scenario = { slug: 's', goals: [P99], document: { faults: [{ at: 60, kind: 'az_outage', target: 'a' }], run: { duration: 300, warmup: 30 } } };
  const lock = scenarioLock(scenario);
  assert.deepEqual(lock.run, { duration: 300, warmup: 30 });
  const own = { ...ERR };
  const edited = { ...P99, value: 60000 };
  assert.deepEqual(gradedGoals([own, { ...P99 }, edited], lock), [
    { item: P99, locked: true },
    { item: own, locked: false, index: 0 },
    { item: edited, locked: false, index: 2 },
  ], 'the copy of the scenario goal is not doubled; an edited one is the learner\'s own');
  assert.deepEqual(gradedGoals([], lock).map((e) => e.item), [P99], 'a deleted scenario goal is still graded');
  assert.deepEqual(gradedGoals([own], null), [{ item: own, locked: false, index: 0 }], 'a design of one\'s own locks nothing');
  assert.equal(goalKey({ ...ERR, scope: undefined }), goalKey(ERR), 'no scope and a null scope are the same goal');
  assert.deepEqual(gradedFaults([], lock), [{ item: scenario.document.faults[0], locked: true }]);
  assert.equal(scenarioLock(null), null);
});
