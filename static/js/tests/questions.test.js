import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attemptKey, isAttempt, hasAttempted, recordAttempt, checkpointQuestions } from '../model/questions.js';

const memory = () => { const m = new Map(); return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)) }; };
const report = { goals: [], requests: { total: 10 } };

test('only a run that reached its end with a report is an attempt', () => {
  assert.equal(isAttempt({ type: 'end', reason: 'completed', report }), true);
  assert.equal(isAttempt({ type: 'end', reason: 'stopped', report }), false, 'stopped early: not to its end');
  assert.equal(isAttempt({ type: 'end', reason: 'wall_clock_limit', report }), false, 'cut short by a limit');
  assert.equal(isAttempt({ type: 'end', reason: 'completed', report: null }), false);
  assert.equal(isAttempt(null), false);
});

test('an attempt is remembered per scenario, and a storage that refuses it hides nothing', () => {
  const storage = memory();
  assert.equal(hasAttempted(storage, 'caching'), false);
  assert.equal(recordAttempt(storage, 'caching'), true);
  assert.equal(storage.getItem(attemptKey('caching')), '1');
  assert.equal(hasAttempted(storage, 'caching'), true);
  assert.equal(hasAttempted(storage, 'read-replicas'), false, 'another scenario is not attempted');
  const refusing = { getItem() { throw new Error('SecurityError'); }, setItem() { throw new Error('QuotaExceededError'); } };
  assert.equal(recordAttempt(refusing, 'caching'), false);
  assert.equal(hasAttempted(refusing, 'caching'), false);
  assert.equal(hasAttempted(storage, undefined), false, 'a design with no scenario has nothing to reveal');
});

test('the questions shown are those with a question and an answer', () => {
  const good = { question: 'Which tier is busiest?', answer: 'The web tier.' };
  assert.deepEqual(checkpointQuestions({ questions: [good, { question: '  ', answer: 'x' }, { question: 'No answer?' }, null] }), [good]);
  assert.deepEqual(checkpointQuestions({}), []);
  assert.deepEqual(checkpointQuestions(null), []);
});
