import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHints, collectQuestions, designCounts, scenarioBody, bodyProblems, problemText, scenarioTexts, scenarioValues, textProblems, LIMITS } from '../model/authoring.js';

const design = { goals: [{ metric: 'p99_ms' }, { metric: 'error_rate' }], faults: [{ kind: 'az_outage' }] };

test('hints are one a line, blanks dropped', () => {
  assert.deepEqual(parseHints(' first \n\n second\r\n  \n'), ['first', 'second']);
  assert.deepEqual(parseHints(''), []);
});

test('question rows: both blank dropped, half-filled kept (and flagged)', () => {
  const rows = [{ question: ' Why? ', answer: ' Because. ' }, { question: '', answer: '' }, { question: 'Half', answer: '' }];
  assert.deepEqual(collectQuestions(rows), [{ question: 'Why?', answer: 'Because.' }, { question: 'Half', answer: '' }]);
  const body = scenarioBody('d1', { title: 'T', questions: rows });
  assert.deepEqual(bodyProblems(body, design).map((p) => p.path), ['questions[1].answer']);
});

test('the counts name what the scenario copies', () => {
  assert.equal(designCounts(design).text, '2 goals, 1 scheduled fault');
  assert.equal(designCounts({}).text, '0 goals, 0 scheduled faults');
});

test('a body without a title, with too many hints, or from a design without goals has problems', () => {
  const body = scenarioBody('d1', { title: '  ', hints: Array.from({ length: LIMITS.hints + 1 }, (_, i) => `h${i}`).join('\n') });
  assert.deepEqual(body.title, '');
  const paths = bodyProblems(body, { goals: [] }).map((p) => p.path);
  assert.deepEqual(paths, ['title', 'hints', 'design.goals']);
  assert.deepEqual(bodyProblems(scenarioBody('d1', { title: 'x'.repeat(201) }), design).map((p) => p.path), ['title']);
});

test('problems read as sentences', () => {
  assert.equal(problemText({ path: 'hints[1]', message: 'too long' }), 'Hint 2: too long');
  assert.equal(problemText({ path: 'questions[0].answer', message: 'missing' }), 'Question 1 (answer): missing');
  assert.equal(problemText({ path: 'design.goals', message: 'add a goal' }), 'Goals: add a goal');
  assert.equal(problemText({ path: 'design.nodes[2].props.max', message: 'bad' }), 'Design (nodes[2].props.max): bad');
  assert.equal(problemText({ path: '', message: 'whole' }), 'whole');
});

test('a design that attempts a scenario counts the scenario\'s locked goals and faults too', () => {
  const lock = { goals: [{ metric: 'p99_ms', op: '<=', value: 300 }], faults: [{ kind: 'az_outage', target: 'a', at: 60 }] };
  assert.equal(designCounts({ goals: [], faults: [] }, lock).text, '1 goal, 1 scheduled fault');
  assert.deepEqual(bodyProblems(scenarioBody('d', { title: 'T' }), { goals: [] }, lock), []);
});

test('Edit sends the texts only, prefilled from the scenario as the API returns it', () => {
  const scenario = { slug: 's', title: 'T', summary: 'S', story: 'Once', level: 'beginner', hints: ['a', 'b'], questions: [{ question: 'Q?', answer: 'A.' }], goals: [{}] };
  const values = scenarioValues(scenario);
  assert.equal(values.hints, 'a\nb');
  const body = scenarioTexts(values);
  assert.deepEqual(body, { title: 'T', summary: 'S', story: 'Once', level: 'beginner', hints: ['a', 'b'], questions: [{ question: 'Q?', answer: 'A.' }] });
  assert.equal('design_id' in body, false);
  assert.deepEqual(textProblems(scenarioTexts({ ...values, title: '  ' })).map((p) => p.path), ['title']);
  assert.deepEqual(textProblems(body), [], 'no design: no goal problem');
});
