import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyDesign } from '../model/design.js';
import { computeLayout, nodeRect, NODE_W, NODE_H, PAD, AZ_HEADER } from '../model/layout.js';
import { alignTo, clearGroup, containerLines, keepsClear, freeSlot } from '../model/placement.js';
import { copyFragment, pasteCells } from '../model/clipboard.js';

const SCOPES = { ec2: 'zonal', alb: 'regional', client: 'global', rds: 'zonal' };

function add(design, kind) {
  const res = freeSlot(design, { scope: SCOPES[kind], label: kind });
  assert.ok(res.ok, res.reason);
  const node = { id: `${kind}${design.nodes.length}`, kind, placement: res.placement, props: {}, ui: res.ui };
  design.nodes.push(node);
  return node;
}

const rects = (design) => {
  const layout = computeLayout(design);
  return design.nodes.map((n) => ({ id: n.id, ...nodeRect(layout, n) }));
};

/** Every pair of cards in one container keeps clear (handles and figures); none overlaps any. */
function assertNoOverlap(design) {
  const rs = rects(design);
  const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  for (let i = 0; i < rs.length; i += 1) {
    for (let j = i + 1; j < rs.length; j += 1) assert.ok(!overlap(rs[i], rs[j]), `${rs[i].id} and ${rs[j].id} overlap: ${JSON.stringify([rs[i], rs[j]])}`);
  }
}

test('container lines: an AZ\'s and a band\'s inner edges and centre, global cards the rows only', () => {
  const layout = computeLayout(emptyDesign());
  const lines = containerLines(layout, 'zonal');
  const az = layout.regions[0].azs[0];
  const mine = lines.find((l) => l.container === 'az:us-east-1a');
  assert.deepEqual(mine.xs, [az.x + PAD, az.x + az.w / 2, az.x + az.w - PAD]);
  assert.deepEqual(mine.ys, [az.y + AZ_HEADER, az.y + az.h / 2]);
  assert.deepEqual(lines.map((l) => l.container), ['band:us-east-1', 'az:us-east-1a', 'az:us-east-1b']);
  assert.ok(containerLines(layout, 'global').every((l) => l.xs.length === 0), 'no pull into a Region');
});

test('a card dragged near an AZ\'s centre snaps onto it with a guide along the AZ', () => {
  const layout = computeLayout(emptyDesign());
  const az = layout.regions[0].azs[1];
  const centre = az.x + az.w / 2;
  const r = { x: centre - NODE_W / 2 + 4, y: az.y + 90, w: NODE_W, h: NODE_H };
  const a = alignTo(r, containerLines(layout, 'zonal'), 6);
  assert.equal(a.x + NODE_W / 2, centre);
  const g = a.guides.find((x) => x.axis === 'x' && x.at === centre);
  assert.ok(g, JSON.stringify(a.guides));
  assert.equal(g.container, 'az:us-east-1b');
  assert.deepEqual([g.from, g.to], [az.y, az.y + az.h], 'the guide spans the AZ');
  // Its left edge near the AZ's inner left edge: lines up where a card at the AZ's left sits.
  const b = alignTo({ ...r, x: az.x + PAD - 5 }, containerLines(layout, 'zonal'), 6);
  assert.equal(b.x, az.x + PAD);
  // The band's top row, where regional cards start.
  const band = layout.regions[0].band;
  const c = alignTo({ x: band.x + 300, y: band.y + 4 + 3, w: NODE_W, h: NODE_H }, containerLines(layout, 'regional'), 6);
  assert.equal(c.y, band.y + 4);
  assert.ok(c.guides.some((x) => x.axis === 'y' && x.container === 'band:us-east-1'));
  // Far from every line: untouched, no guide.
  // (An AZ column is one card wide with 24 px of play, so there every spot is near one of its
  // lines; the band is wider.)
  const far = { x: band.x + PAD + 40, y: band.y + 94, w: NODE_W, h: NODE_H };
  assert.deepEqual(alignTo(far, containerLines(layout, 'regional'), 6), { x: far.x, y: far.y, guides: [] });
});

test('a multi-selection dropped on other cards is moved clear of them, together, keeping its shape', () => {
  const d = emptyDesign();
  const a = add(d, 'alb');
  const b = add(d, 'alb');
  const c = add(d, 'alb'); // the band holds three in a row
  const layout = computeLayout(d);
  // a and b dropped right on top of c (and of each other's old spots): overlapping it.
  const items = [{ id: a.id, placement: a.placement, ui: { ...c.ui } }, { id: b.id, placement: b.placement, ui: { x: c.ui.x + 60, y: c.ui.y + NODE_H + 50 } }];
  const out = clearGroup(d, layout, items);
  assert.equal(out[1].ui.x - out[0].ui.x, 60, 'same shape');
  assert.equal(out[1].ui.y - out[0].ui.y, NODE_H + 50);
  const card = (ui) => ({ ...ui, w: NODE_W, h: NODE_H });
  for (const it of out) assert.ok(keepsClear(card(it.ui), card(c.ui)), `${it.id} keeps clear of ${c.id}`);
  // A spot already clear is kept as it is.
  const clearSpot = [{ id: a.id, placement: a.placement, ui: { x: 0, y: 400 } }, { id: b.id, placement: b.placement, ui: { x: 300, y: 400 } }];
  assert.deepEqual(clearGroup(d, layout, clearSpot), clearSpot);
});

test('a multi-selection squeezed together by its container is spread out card by card', () => {
  const d = emptyDesign();
  const ec2 = add(d, 'ec2');
  const rds = add(d, 'rds');
  const other = add(d, 'ec2');
  const layout = computeLayout(d);
  // Both clamped onto one spot of AZ b, where `other` already sits: no common shift separates them.
  const items = [ec2, rds].map((n) => ({ id: n.id, placement: { ...other.placement }, ui: { ...other.ui } }));
  const out = clearGroup(d, layout, items);
  const moved = structuredClone(d);
  for (const it of out) Object.assign(moved.nodes.find((n) => n.id === it.id), { placement: it.placement, ui: it.ui });
  assertNoOverlap(moved);
});

test('pasting several cards twice lands every copy at a free spot, on no other card', () => {
  const d = emptyDesign();
  for (const kind of ['client', 'alb', 'ec2', 'ec2', 'rds']) add(d, kind);
  for (let round = 0; round < 2; round += 1) {
    const frag = copyFragment(d, d.nodes.slice(0, 5).map((n) => n.id));
    const { nodes } = pasteCells(d, JSON.parse(JSON.stringify(frag)));
    assert.equal(nodes.length, 5);
    d.nodes.push(...nodes);
    assertNoOverlap(d);
  }
  assert.equal(d.nodes.length, 15);
});
