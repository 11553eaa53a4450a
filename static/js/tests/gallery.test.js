import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TOPICS, topicsOf, ordered, filtered, filtersFromQuery, queryFromFilters, progressBySlug, progressState } from '../model/gallery.js';

const LIBRARY = fileURLToPath(new URL('../../../playground/scenarios/', import.meta.url));
const shipped = readdirSync(LIBRARY).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(LIBRARY + f, 'utf8')));

const sc = (slug, level, order, tags = []) => ({ slug, level, order, tags });
const LIB = [
  sc('dr', 'advanced', 120, ['disaster-recovery', 'rto', 'rpo']),
  sc('caching', 'intermediate', 60, ['caching', 'cloudfront', 'data']),
  sc('three-tier', 'beginner', 10, ['load-balancing', 'horizontal-scaling']),
  sc('multi-az', 'beginner', 30, ['multi-az', 'health-checks']),
  sc('queue', 'intermediate', 40, ['sqs', 'loose-coupling', 'auto-scaling']),
  sc('odd', 'expert', 1, ['sqs']),
];

test('every shipped scenario sits in at least one topic', () => {
  assert.ok(shipped.length >= 10, 'the library was read');
  for (const s of shipped) assert.notDeepEqual(topicsOf(s), [], `${s.slug} (${s.tags}) has no topic: map one of its tags in TOPICS`);
});

test('topics come from the tags, in one mapping, each tag in one topic', () => {
  assert.deepEqual(topicsOf(LIB[0]), ['resilience', 'disaster-recovery']);
  assert.deepEqual(topicsOf(LIB[1]), ['data', 'latency']);
  assert.deepEqual(topicsOf(LIB[4]), ['decoupling', 'scaling']);
  assert.deepEqual(topicsOf({ tags: ['no-such-tag'] }), [], 'an unmapped tag adds no topic');
  assert.deepEqual(topicsOf({ tags: ['SQS'] }), ['decoupling'], 'tags are read case-blind');
  assert.deepEqual(topicsOf({}), []);
  const all = TOPICS.flatMap((t) => t.tags);
  assert.equal(new Set(all).size, all.length, 'no tag is listed under two topics');
  const ids = shipped.map((s) => s.slug);
  assert.ok(ids.includes('disaster-recovery') && topicsOf(shipped.find((s) => s.slug === 'disaster-recovery')).includes('disaster-recovery'));
});

test('the library is ordered beginner, intermediate, advanced, then by order, unknown levels last', () => {
  assert.deepEqual(ordered(LIB).map((s) => s.slug), ['three-tier', 'multi-az', 'queue', 'caching', 'dr', 'odd']);
  assert.equal(LIB[0].slug, 'dr', 'the input is not reordered');
  const tie = ordered([sc('b', 'beginner', 5), sc('a', 'beginner', 5)]);
  assert.deepEqual(tie.map((s) => s.slug), ['a', 'b'], 'same level and order: by slug');
  const levels = ordered(shipped).map((s) => s.level);
  assert.deepEqual(levels, [...levels].sort((a, b) => ['beginner', 'intermediate', 'advanced'].indexOf(a) - ['beginner', 'intermediate', 'advanced'].indexOf(b)));
});

test('filters by level and by topic, both at once, and none', () => {
  assert.deepEqual(filtered(LIB, { level: 'beginner', topic: null }).map((s) => s.slug), ['three-tier', 'multi-az']);
  assert.deepEqual(filtered(LIB, { level: null, topic: 'scaling' }).map((s) => s.slug), ['three-tier', 'queue']);
  assert.deepEqual(filtered(LIB, { level: 'beginner', topic: 'resilience' }).map((s) => s.slug), ['multi-az']);
  assert.deepEqual(filtered(LIB, { level: 'advanced', topic: 'scaling' }), [], 'nothing matches: an empty list');
  assert.equal(filtered(LIB, { level: null, topic: null }).length, LIB.length);
  assert.equal(filtered(LIB, undefined).length, LIB.length);
});

test('the filters survive a reload through the query string; nonsense in it is ignored', () => {
  assert.deepEqual(filtersFromQuery('?topic=data&level=beginner'), { topic: 'data', level: 'beginner', q: '' });
  assert.deepEqual(filtersFromQuery('?topic=DATA'), { topic: 'data', level: null, q: '' });
  assert.deepEqual(filtersFromQuery('?topic=<script>&level=expert'), { topic: null, level: null, q: '' });
  assert.deepEqual(filtersFromQuery(''), { topic: null, level: null, q: '' });
  assert.equal(queryFromFilters({ topic: 'data', level: null }), '?topic=data');
  assert.equal(queryFromFilters({ topic: null, level: null }, '?topic=data&level=advanced'), '', 'cleared: no query left');
  assert.equal(queryFromFilters({ topic: 'scaling', level: 'beginner' }, '?x=1&topic=data'), '?x=1&topic=scaling&level=beginner', 'other parameters kept');
  const round = filtersFromQuery(queryFromFilters({ topic: 'twelve-factor', level: 'intermediate' }));
  assert.deepEqual(round, { topic: 'twelve-factor', level: 'intermediate', q: '' });
});

test('a card says not tried, attempted or passed, with the best result', () => {
  const rows = progressBySlug([
    { scenario: 'caching', attempts: 2, passed: false, best: { goals_passed: 1, goals_total: 2, source: 'run', at: '' } },
    { scenario: 'dr', attempts: 1, passed: true, best: { goals_passed: 2, goals_total: 2, source: 'check', at: '' } },
    { scenario: 'one', attempts: 1, passed: false, best: { goals_passed: 0, goals_total: 1 } },
    null, { attempts: 3 },
  ]);
  assert.equal(rows.size, 3, 'rows without a scenario are dropped');
  assert.deepEqual(progressState(rows.get('caching')), { state: 'attempted', label: 'Attempted', best: '1 of 2 goals' });
  assert.deepEqual(progressState(rows.get('dr')), { state: 'passed', label: 'Passed ✓', best: '2 of 2 goals' });
  assert.equal(progressState(rows.get('one')).best, '0 of 1 goal');
  assert.deepEqual(progressState(rows.get('three-tier')), { state: 'new', label: 'Not tried', best: '' });
  assert.equal(progressState(undefined, true).state, 'new', 'the server answered: this browser\'s record does not override it');
  assert.equal(progressState(null, true).state, 'attempted', 'the server could not be asked: this browser\'s record stands in');
  assert.equal(progressState(null, false).state, 'new');
  assert.equal(progressState({ scenario: 'x', passed: false, best: {} }).best, '', 'no best recorded: no figure');
  assert.equal(progressBySlug({ detail: 'oops' }).size, 0, 'an error body is no progress');
});
