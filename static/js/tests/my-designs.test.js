import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { untitledName, byLastChange, checkedName, ago, designLines, NAME_MAX } from '../model/designs.js';
import { thumbnailShapes, familyOf } from '../model/thumbnail.js';
import { computeLayout, nodeRect } from '../model/layout.js';
import { matchesSearch, filtered, filtersFromQuery, queryFromFilters } from '../model/gallery.js';

const LIBRARY = fileURLToPath(new URL('../../../playground/scenarios/', import.meta.url));
const shipped = readdirSync(LIBRARY).filter((f) => f.endsWith('.json')).map((f) => ({ slug: f.slice(0, -5), ...JSON.parse(readFileSync(LIBRARY + f, 'utf8')) }));

test('a blank design gets a name none of mine has', () => {
  assert.equal(untitledName([]), 'Untitled design');
  assert.equal(untitledName(['Checkout']), 'Untitled design');
  assert.equal(untitledName(['Untitled design']), 'Untitled design 2');
  assert.equal(untitledName(['untitled design', 'Untitled design 2', 'Untitled design 4']), 'Untitled design 3', 'ignoring case, the first gap');
});

test('designs are listed last changed first', () => {
  const d = (id, updated, created = updated) => ({ id, updated, created });
  const list = [d('a', '2026-01-01T10:00:00Z'), d('b', '2026-01-03T10:00:00Z'), d('c', '2026-01-02T10:00:00Z'), d('e', '2026-01-02T10:00:00Z', '2026-01-02T11:00:00Z')];
  assert.deepEqual(byLastChange(list).map((x) => x.id), ['b', 'e', 'c', 'a']);
  assert.deepEqual(list.map((x) => x.id), ['a', 'b', 'c', 'e'], 'the input stays');
});

test('a rename needs a name that fits', () => {
  assert.deepEqual(checkedName('  Checkout   v2 '), { ok: true, name: 'Checkout v2' });
  assert.equal(checkedName('   ').ok, false);
  assert.match(checkedName('').error, /needs a name/);
  const long = checkedName('x'.repeat(NAME_MAX + 1));
  assert.equal(long.ok, false);
  assert.match(long.error, /at most 200 characters \(this one has 201\)/);
  assert.equal(checkedName('x'.repeat(NAME_MAX)).ok, true);
});

test('a card says which scenario and how long ago, in words', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  assert.equal(ago('2026-12-03T11:59:30Z', now), 'just now');
  assert.equal(ago('2026-12-03T11:59:00Z', now), '1 minute ago');
  assert.equal(ago('2026-12-03T09:00:00Z', now), '3 hours ago');
  assert.equal(ago('2026-11-30T12:00:00Z', now), '3 days ago');
  assert.match(ago('2026-09-01T12:00:00Z', now), /^on /);
  assert.equal(ago('nonsense', now), '');
  assert.deepEqual(designLines({ scenario: 'caching', scenario_title: 'Cache the hot data', updated: '2026-12-03T11:00:00Z' }, now), { scenario: 'Scenario: Cache the hot data', changed: 'Changed 1 hour ago' });
  assert.equal(designLines({ scenario: 'gone', scenario_title: null }, now).scenario, 'Scenario: gone', 'a scenario no longer in the library: its slug');
  assert.equal(designLines({ scenario: '' }, now).scenario, '');
});

const OUTLINE = {
  regions: [{ id: 'us-east-1', azs: ['us-east-1a', 'us-east-1b'] }],
  nodes: [
    { kind: 'client', placement: {}, ui: { x: 40, y: 200 } },
    { kind: 'alb', placement: { region: 'us-east-1' }, ui: { x: 0, y: 0 } },
    { kind: 'ec2', placement: { region: 'us-east-1', az: 'us-east-1b' }, ui: { x: 0, y: 0 } },
  ],
};

test('a thumbnail lays things out as the canvas does, framed by its view box', () => {
  const shapes = thumbnailShapes(OUTLINE);
  const layout = computeLayout({ regions: OUTLINE.regions, nodes: OUTLINE.nodes });
  assert.equal(shapes.regions.length, 1);
  assert.equal(shapes.azs.length, 2);
  assert.deepEqual(shapes.nodes.map((n) => n.family), ['client', 'edge', 'compute']);
  OUTLINE.nodes.forEach((n, i) => {
    const r = nodeRect(layout, n);
    assert.deepEqual([shapes.nodes[i].x, shapes.nodes[i].y], [r.x, r.y], 'the canvas position');
  });
  const ec2 = shapes.nodes[2];
  const azB = shapes.azs[1];
  assert.ok(ec2.x >= azB.x && ec2.x + ec2.w <= azB.x + azB.w, 'a zonal node sits in its AZ column');
  const [x, y, w, hgt] = shapes.viewBox;
  for (const b of [...shapes.regions, ...shapes.nodes]) assert.ok(b.x >= x && b.y >= y && b.x + b.w <= x + w && b.y + b.h <= y + hgt, 'everything is in view');
  assert.equal(shapes.empty, false);
});

test('a thumbnail of a draft: no positions, unknown Regions, nothing at all', () => {
  const loose = thumbnailShapes({ regions: [{ id: 'r', azs: [] }], nodes: [{ kind: 'sqs', placement: { region: 'r' } }, { kind: 'sns', placement: { region: 'r' } }, { kind: 'ec2', placement: { region: 'nowhere', az: 'x' } }] });
  const [a, b, c] = loose.nodes;
  assert.notDeepEqual([a.x, a.y], [b.x, b.y], 'nodes without a position do not pile up');
  assert.ok(c.x < loose.regions[0].x, 'a node in a Region the design lacks is drawn with the global ones');
  assert.equal(familyOf('no-such-kind'), 'other');
  const empty = thumbnailShapes({ regions: [], nodes: [] });
  assert.equal(empty.empty, true);
  assert.deepEqual(empty.viewBox, [0, 0, 400, 225]);
  assert.equal(thumbnailShapes(null).empty, true);
});

const within = (b, r) => b.x >= r.x && b.y >= r.y && b.x + b.w <= r.x + r.w && b.y + b.h <= r.y + r.h;

test('every shipped scenario has a thumbnail with its nodes, each inside its container', () => {
  for (const s of shipped) {
    const { regions, nodes, edges } = s.document;
    const shapes = thumbnailShapes({ regions, nodes, edges });
    assert.equal(shapes.nodes.length, nodes.length, s.slug);
    assert.ok(shapes.viewBox[2] > 0 && shapes.viewBox[3] > 0, s.slug);
    nodes.forEach((n, i) => {
      const box = shapes.nodes[i];
      if (n.placement?.az) assert.ok(shapes.azs.some((az) => within(box, az)), `${s.slug}: ${n.id} in an AZ`);
      else if (n.placement?.region) assert.ok(shapes.regions.some((r) => within(box, r)), `${s.slug}: ${n.id} in its Region`);
      else assert.ok(!shapes.regions.some((r) => within(box, r)), `${s.slug}: ${n.id} outside the Regions`);
    });
  }
});

test('search narrows the gallery: every word, in title, summary, tags or topics', () => {
  const lib = shipped.map(({ slug, title, summary, level, tags, order }) => ({ slug, title, summary, level, tags, order }));
  assert.equal(filtered(lib, { q: '' }).length, lib.length);
  const replicas = filtered(lib, { q: 'read replicas' }).map((s) => s.slug);
  assert.ok(replicas.includes('read-replicas'), 'a tag with a dash matches words');
  assert.ok(filtered(lib, { q: 'CACHE' }).some((s) => s.slug === 'caching'), 'any case');
  assert.deepEqual(filtered(lib, { q: 'zzzz-nothing' }), []);
  assert.ok(filtered(lib, { q: 'resilience' }).length > 1, 'a topic name matches');
  const both = filtered(lib, { q: 'queue', level: 'beginner' });
  assert.ok(both.every((s) => s.level === 'beginner' && matchesSearch(s, 'queue')), 'search and filters together');
  assert.equal(matchesSearch({ title: 'x' }, '   '), true);
});

test('the search is kept in the query with the filters', () => {
  assert.deepEqual(filtersFromQuery('?q=sqs%20fan&level=beginner'), { topic: null, level: 'beginner', q: 'sqs fan' });
  assert.equal(filtersFromQuery(`?q=${'a'.repeat(500)}`).q.length, 100);
  assert.equal(queryFromFilters({ q: 'sqs', level: null, topic: null }, '?x=1'), '?x=1&q=sqs');
  assert.equal(queryFromFilters({ q: '', level: null, topic: null }, '?q=old'), '');
});
