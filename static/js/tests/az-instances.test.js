import { test } from 'node:test';
import assert from 'node:assert/strict';
import { azStrips, chipRow, stateLine, MAX_CHIPS, STRIP_H } from '../live/az-instances.js';
import { computeLayout } from '../model/layout.js';

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
