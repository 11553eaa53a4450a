import { test } from 'node:test';
import assert from 'node:assert/strict';
import { azStrips, chipRow, fitLines, stateLine, stripHeight, MAX_CHIPS, STRIP_H } from '../live/az-instances.js';
import { AZ_MIN, LIVE_SPACE, computeLayout, nodeRect } from '../model/layout.js';

const design = {
  regions: [{ id: 'us-east-1', azs: ['use1-az1', 'use1-az2', 'use1-az3'] }],
  nodes: [
    { id: 'web', kind: 'asg', label: 'Web tier', placement: { region: 'us-east-1', azs: ['use1-az1', 'use1-az2'] }, ui: { x: 0, y: 0 } },
    { id: 'api', kind: 'asg', placement: { region: 'us-east-1' }, ui: { x: 250, y: 0 } },
    { id: 'alb', kind: 'alb', placement: { region: 'us-east-1' }, ui: { x: 500, y: 0 } },
  ],
  edges: [],
};

test('chips: in service first, then pending, unhealthy, draining; a badge past MAX_CHIPS', () => {
  assert.deepEqual(chipRow({ unhealthy: 1, in_service: 2, draining: 1, pending: 1 }).chips, ['in_service', 'in_service', 'pending', 'unhealthy', 'draining']);
  const big = chipRow({ in_service: 97, unhealthy: 3 });
  assert.equal(big.chips.length, MAX_CHIPS);
  assert.equal(big.more, 100 - MAX_CHIPS);
  assert.equal(big.total, 100);
  assert.deepEqual(chipRow({}), { chips: [], more: 0, total: 0 });
  assert.deepEqual(chipRow({ in_service: -2, pending: 'x' }).chips, []); // bad counts draw nothing
});

test('the line names the group and its non-zero counts, or says none run there', () => {
  assert.equal(stateLine('Web tier', { in_service: 2, unhealthy: 1, pending: 0 }), 'Web tier: 2 healthy · 1 unhealthy');
  assert.equal(stateLine('web', { draining: 1 }), 'web: 1 draining');
  assert.equal(stateLine('web', {}), 'web: no instances');
});

test('one strip per AZ the group spans, at the foot of that AZ column; groups stack upwards', () => {
  const layout = computeLayout(design);
  const nodes = { web: { zones: { 'use1-az1': { in_service: 2 }, 'use1-az2': { unhealthy: 1 } } }, api: { zones: {} }, alb: { healthy_targets: 2 } };
  const strips = azStrips(design, nodes, layout);
  assert.deepEqual(strips.map((s) => s.key), ['web@use1-az1', 'web@use1-az2', 'api@use1-az1', 'api@use1-az2', 'api@use1-az3']);
  const [az1, az2] = layout.regions[0].azs;
  const w1 = strips[0];
  assert.equal(w1.label, 'Web tier');
  assert.deepEqual(w1.counts, { in_service: 2 });
  assert.ok(w1.x >= az1.x && w1.x + w1.w <= az1.x + az1.w, 'inside the column');
  assert.ok(w1.y > az1.y && w1.y + STRIP_H <= az1.y + az1.h, 'inside the column');
  assert.ok(strips[1].x >= az2.x && strips[1].x < az2.x + az2.w);
  assert.equal(strips[2].y, w1.y - STRIP_H, 'the second group in az1 sits above the first');
  assert.deepEqual(strips[4].counts, {}, 'an AZ with none of its instances still gets a strip');
  assert.equal(strips[4].label, 'api');
});

test('no zones, no strips; a node outside any Region or an unknown AZ is skipped', () => {
  const layout = computeLayout(design);
  assert.deepEqual(azStrips(design, {}, layout), []);
  const odd = { ...design, nodes: [{ id: 'x', kind: 'asg', placement: { region: 'nowhere' } }, { id: 'y', kind: 'asg', placement: { region: 'us-east-1', azs: ['use1-az9'] } }] };
  assert.deepEqual(azStrips(odd, { x: { zones: {} }, y: { zones: {} } }, layout), []);
});

// A width test by characters: a line fits in `n` characters.
const within = (n) => (t) => t.length <= n;
const joined = (lines) => lines.map((l) => l.text + l.sep).join('');

test('the words wrap at the separators into lines that fit, and still read as the one line', () => {
  const counts = { in_service: 2, pending: 1, unhealthy: 1 };
  const line = stateLine('Web tier', counts);
  assert.deepEqual(fitLines('Web tier', counts, within(80)), [{ text: line, sep: '' }], 'room for it all: one line');
  const lines = fitLines('Web tier', counts, within(22));
  assert.deepEqual(lines.map((l) => l.text), ['Web tier: 2 healthy', '1 pending', '1 unhealthy']);
  assert.ok(lines.every((l) => l.text.length <= 22));
  assert.equal(joined(lines), line, 'the separators broken at are kept (drawn hidden)');
  assert.deepEqual(fitLines('web', {}, within(8)).map((l) => l.text), ['web:', 'no instances'], 'a word wider than the line stays whole');
});

test('a name too long for a line is cut with an ellipsis', () => {
  const lines = fitLines('The customer-facing web fleet', { in_service: 3 }, within(14));
  assert.equal(lines[0].text, 'The customer…:');
  assert.equal(lines[1].text, '3 healthy');
});

test('strips stack by their own heights: a two-line strip pushes the next one up by its height', () => {
  const layout = computeLayout(design);
  const nodes = { web: { zones: { 'use1-az1': { in_service: 2 } } }, api: { zones: {} } };
  const two = stripHeight(2);
  const strips = azStrips(design, nodes, layout, (s) => (s.node === 'web' ? two : STRIP_H));
  const [web, api] = strips.filter((s) => s.az === 'use1-az1');
  assert.equal(web.h, two);
  assert.equal(api.y, web.y - STRIP_H, 'the one above sits on top of the taller one');
  assert.equal(stripHeight(1), STRIP_H, 'one line of 13 px type is the default strip');
  assert.ok(stripHeight(1, 24) > STRIP_H, 'larger type, a taller strip');
});

test('an AZ with a card keeps room under its live figures for two-line strips of every group there', () => {
  const withDb = { ...design, nodes: [...design.nodes, { id: 'db', kind: 'rds', placement: { region: 'us-east-1', az: 'use1-az1' }, ui: { x: 0, y: 0 } }] };
  const layout = computeLayout(withDb);
  const db = nodeRect(layout, withDb.nodes[3]);
  const nodes = { web: { zones: {} }, api: { zones: {} } };
  const strips = azStrips(withDb, nodes, layout, () => stripHeight(2)).filter((s) => s.az === 'use1-az1');
  assert.equal(strips.length, 2, 'web and api both span use1-az1');
  const top = Math.min(...strips.map((s) => s.y));
  assert.ok(top >= db.y + db.h + LIVE_SPACE, `the strips (from ${top}) clear the card's figures (to ${db.y + db.h + LIVE_SPACE})`);
  assert.equal(computeLayout(design).regions[0].azs[0].h, AZ_MIN, 'no card in the AZ: no extra room');
});
