import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyDesign } from '../model/design.js';
import { computeLayout, nodeRect, hitTest, NODE_W, NODE_H } from '../model/layout.js';
import { freeSlot, nearestClear, keepsClear, alignTo, snapPoint, dropTargets, CLEAR_X, GRID } from '../model/placement.js';

const SCOPES = { ec2: 'zonal', alb: 'regional', client: 'global', sqs: 'regional', rds: 'zonal' };

/** Add `kind` the way Enter does; returns the node. */
function add(design, kind) {
  const res = freeSlot(design, { scope: SCOPES[kind], label: kind });
  assert.ok(res.ok, res.reason);
  const node = { id: `${kind}${design.nodes.length}`, kind, placement: res.placement, props: {}, ui: res.ui };
  design.nodes.push(node);
  return node;
}

const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

test('components added without dragging land in their container, never on top of each other', () => {
  const d = emptyDesign();
  for (const kind of ['client', 'alb', 'ec2', 'ec2', 'ec2', 'sqs', 'alb', 'client', 'rds', 'ec2']) add(d, kind);
  const layout = computeLayout(d);
  const rects = d.nodes.map((n) => ({ n, r: nodeRect(layout, n) }));
  for (const { n, r } of rects) {
    const hit = hitTest(layout, { x: r.x + NODE_W / 2, y: r.y + NODE_H / 2 });
    const want = { zonal: 'az', regional: 'band', global: 'none' }[SCOPES[n.kind]];
    assert.equal(hit.type, want, `${n.id} sits in its container`);
    if (want === 'az') assert.equal(hit.az, n.placement.az);
  }
  for (let i = 0; i < rects.length; i += 1) {
    for (let j = i + 1; j < rects.length; j += 1) {
      assert.ok(!overlaps(rects[i].r, rects[j].r), `${rects[i].n.id} and ${rects[j].n.id} do not overlap`);
      if (rects[i].n.placement.az === rects[j].n.placement.az && rects[i].n.placement.region === rects[j].n.placement.region) {
        assert.ok(keepsClear(rects[i].r, rects[j].r), `${rects[i].n.id} keeps clear of ${rects[j].n.id}'s handle`);
      }
    }
  }
  // Zonal kinds spread over the AZs (the fewest first), so an AZ outage teaches something.
  const perAz = (az) => d.nodes.filter((n) => n.placement.az === az).length;
  assert.equal(perAz('us-east-1a'), 3);
  assert.equal(perAz('us-east-1b'), 2);
});

test('adding a zonal kind with no AZ, or a regional one with no Region, says what to do first', () => {
  const d = emptyDesign();
  d.regions[0].azs = [];
  assert.match(freeSlot(d, { scope: 'zonal', label: 'EC2 instance' }).reason, /add a Region with an AZ first/);
  d.regions = [];
  assert.match(freeSlot(d, { scope: 'regional', label: 'SQS queue' }).reason, /add a Region first/);
  assert.equal(freeSlot(d, { scope: 'global', label: 'Users' }).ok, true);
});

test('a drop beside a card is moved clear of its connect handle, to the nearest grid point', () => {
  const d = emptyDesign();
  const alb = add(d, 'alb'); // band, ui {0, 0}
  const layout = computeLayout({ ...d, nodes: [...d.nodes, { id: 'x', placement: { region: 'us-east-1' } }] });
  // Dropped so its left edge sits on the ALB's handle (the ALB's right edge).
  const dropped = { x: NODE_W - 4, y: 6 };
  const ui = nearestClear(d, layout, alb.placement, dropped);
  assert.ok(keepsClear({ ...ui, w: NODE_W, h: NODE_H }, { ...alb.ui, w: NODE_W, h: NODE_H }));
  assert.ok(ui.x >= NODE_W + CLEAR_X, `moved right, past the handle: ${ui.x}`);
  const o = { x: layout.regions[0].band.x + 16 }; // the band's origin (layout.containerOrigin)
  assert.equal((o.x + ui.x) % GRID, 0, 'on the canvas grid');
  // A drop that is already clear stays where it was.
  const far = { x: NODE_W + CLEAR_X + 20, y: 3 };
  assert.deepEqual(nearestClear(d, layout, alb.placement, far), far);
  // The card itself does not count against its own new spot.
  assert.deepEqual(nearestClear(d, layout, alb.placement, { x: 5, y: 5 }, new Set([alb.id])), { x: 5, y: 5 });
});

test('a zonal drop on a card in a one-column AZ moves below it, clear of its live figures', () => {
  const d = emptyDesign();
  const ec2 = add(d, 'ec2');
  const layout = computeLayout(d);
  const ui = nearestClear(d, layout, ec2.placement, { x: 0, y: ec2.ui.y + 10 });
  assert.ok(keepsClear({ ...ui, w: NODE_W, h: NODE_H }, { ...ec2.ui, w: NODE_W, h: NODE_H }));
  assert.ok(ui.y > ec2.ui.y + NODE_H, 'below, the AZ is one card wide');
});

test('a global drop is kept out of the Regions', () => {
  const d = emptyDesign();
  const users = add(d, 'client');
  const layout = computeLayout(d);
  const ui = nearestClear(d, layout, {}, { x: users.ui.x + 30, y: users.ui.y });
  const r = { ...ui, w: NODE_W, h: NODE_H };
  assert.ok(keepsClear(r, { ...users.ui, w: NODE_W, h: NODE_H }));
  assert.ok(r.x + r.w <= layout.regions[0].x || r.y >= layout.regions[0].y + layout.regions[0].h, 'outside the Region');
});

test('a dragged card snaps to the grid, and to another card\'s edges and centre with guides', () => {
  assert.deepEqual(snapPoint({ x: 13, y: 21 }), { x: 16, y: 24 });
  const other = { x: 100, y: 300, w: NODE_W, h: NODE_H };
  // Left edges 4 apart (within 6): pulled into line, a vertical guide spanning both cards.
  const a = alignTo({ x: 104, y: 100, w: NODE_W, h: NODE_H }, [other], 6);
  assert.equal(a.x, 100);
  assert.equal(a.y, 100);
  const v = a.guides.filter((g) => g.axis === 'x');
  assert.deepEqual(v.map((g) => g.at), [100, 100 + NODE_W / 2, 100 + NODE_W]);
  assert.deepEqual([v[0].from, v[0].to], [100, 300 + NODE_H]);
  // Centres in a row: a horizontal guide.
  const b = alignTo({ x: 500, y: 300 + 5, w: NODE_W, h: NODE_H }, [other], 6);
  assert.equal(b.y, 300);
  assert.ok(b.guides.some((g) => g.axis === 'y' && g.at === 300 + NODE_H / 2 && g.from === 100 && g.to === 500 + NODE_W));
  // Too far from any line: nothing moves, no guide.
  const c = alignTo({ x: 150, y: 120, w: NODE_W, h: NODE_H }, [other], 6);
  assert.deepEqual(c, { x: 150, y: 120, guides: [] });
  // The nearest line wins: a right edge 2 away beats a left edge 5 away.
  const e = alignTo({ x: 100 - NODE_W + 2, y: 0, w: NODE_W, h: NODE_H }, [other, { x: 100 - NODE_W + 7, y: 500, w: NODE_W, h: NODE_H }], 6);
  assert.equal(e.x, 100 - NODE_W);
});

test('drop targets: AZs for zonal kinds, the Region and its band for regional ones, outside for global', () => {
  const layout = computeLayout(emptyDesign());
  const of = (scope) => Object.fromEntries(dropTargets(layout, scope).targets.map((t) => [`${t.type}:${t.id}`, t.valid]));
  assert.deepEqual(of('zonal'), { 'region:us-east-1': false, 'band:us-east-1': false, 'az:us-east-1a': true, 'az:us-east-1b': true });
  assert.deepEqual(of('regional'), { 'region:us-east-1': true, 'band:us-east-1': true, 'az:us-east-1a': null, 'az:us-east-1b': null });
  assert.deepEqual(of('global'), { 'region:us-east-1': false, 'band:us-east-1': false, 'az:us-east-1a': false, 'az:us-east-1b': false });
  assert.equal(dropTargets(layout, 'global').outside, true);
  assert.equal(dropTargets(layout, 'zonal').outside, false);
});
