import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Catalogue, checkValue, propTitle } from '../model/catalogue.js';
import { restore, emptyDesign, freshId, draftEnvelope, readDraft, sameDocument, nextAzId, nextRegionId } from '../model/design.js';
import { computeLayout, dropPlacement, nodeRect, settleLayout, hitTest, NODE_W, NODE_H } from '../model/layout.js';
import { problemsByTarget, describe } from '../model/problems.js';
import { copyFragment, pasteCells } from '../model/clipboard.js';

const catalogue = new Catalogue(JSON.parse(readFileSync(new URL('./fixtures/catalogue.json', import.meta.url))));
const threeTier = JSON.parse(readFileSync(new URL('./fixtures/three-tier.json', import.meta.url)));

test('the palette groups kinds by category and search finds them by label or words', () => {
  const cats = catalogue.categories().map((c) => c.name);
  assert.ok(cats.includes('Compute'));
  assert.deepEqual(catalogue.search('load bal').map((k) => k.kind), ['alb']);
  assert.ok(catalogue.search('queue').some((k) => k.kind === 'sqs'));
});

test('connections the catalogue forbids are refused with a reason a learner understands', () => {
  assert.equal(catalogue.canConnect('client', 'alb').ok, true);
  const r = catalogue.canConnect('alb', 'rds');
  assert.equal(r.ok, false);
  assert.match(r.reason, /Application Load Balancer cannot call RDS database/);
  const toClient = catalogue.canConnect('asg', 'client');
  assert.equal(toClient.ok, false);
  assert.match(toClient.reason, /cannot be a target|cannot call/);
  assert.match(catalogue.canConnect('external', 'alb').reason, /cannot call anything/);
});

test('typed values are checked against type and range as the learner types', () => {
  const rate = catalogue.prop('client', 'rate');
  assert.deepEqual(checkValue(rate, '250'), { ok: true, value: 250, message: '' });
  assert.equal(checkValue(rate, 'abc').message, 'must be a number');
  assert.match(checkValue(rate, '-1').message, /at least 0/);
  assert.match(checkValue(rate, '99999999').message, /at most 50000 req\/s/);
  const retries = catalogue.prop('client', 'retries');
  assert.equal(checkValue(retries, '1.5').message, 'must be a whole number');
  const pattern = catalogue.prop('client', 'pattern');
  assert.equal(checkValue(pattern, 'spike').ok, true);
  assert.equal(checkValue(pattern, 'sometimes').ok, false);
  assert.equal(checkValue(rate, '').value, undefined, 'empty means "use the default"');
});

test('props that apply only to some settings are shown only then', () => {
  const spikeAt = catalogue.prop('client', 'spike_at_s');
  assert.equal(catalogue.applies('client', spikeAt, {}), false);
  assert.equal(catalogue.applies('client', spikeAt, { pattern: 'spike' }), true);
});

test('restore fills what is missing, keeps what is ours and refuses another format', () => {
  const d = restore({ name: 'x', nodes: [{ id: 'a', kind: 'ec2', label: '<b>hi</b>', html: '<script>' }] });
  assert.equal(d.format, 1);
  assert.deepEqual(d.edges, []);
  assert.equal(d.nodes[0].label, '<b>hi</b>', 'labels stay plain text (written with textContent)');
  assert.equal(d.nodes[0].html, undefined, 'unknown keys are dropped');
  assert.throws(() => restore({ format: 2 }), /format 2/);
  assert.deepEqual(restore(threeTier).edges, threeTier.edges);
});

test('ids are short, readable and unique', () => {
  const d = emptyDesign();
  d.nodes.push({ id: 'web', kind: 'asg', placement: {}, props: {} });
  assert.equal(freshId(d, 'web'), 'web-2');
  assert.equal(freshId(d, 'Orders DB'), 'orders-db');
  assert.equal(nextAzId(d, 'us-east-1'), 'us-east-1c');
  assert.equal(nextRegionId(d), 'us-west-2');
});

test('a local draft is a versioned envelope and survives a round trip', () => {
  const env = draftEnvelope({ designId: 'abc', baseVersion: 3, document: threeTier });
  const back = readDraft(JSON.stringify(env));
  assert.equal(back.baseVersion, 3);
  assert.ok(sameDocument(back.document, threeTier));
  assert.equal(readDraft('{"type":"something-else"}'), null);
  assert.equal(readDraft('not json'), null);
});

test('zonal kinds drop only into an AZ, regional into a Region, global outside', () => {
  const d = settleLayout(restore(threeTier));
  const layout = computeLayout(d);
  const region = layout.regions[0];
  const az = region.azs[1];
  const inAz = { x: az.x + 20, y: az.y + 40 };
  const ok = dropPlacement(layout, { scope: 'zonal', label: 'EC2 instance' }, inAz);
  assert.deepEqual(ok.placement, { region: 'us-east-1', az: 'us-east-1b' });
  const inBand = { x: region.band.x + 20, y: region.band.y + 10 };
  const refused = dropPlacement(layout, { scope: 'zonal', label: 'EC2 instance' }, inBand);
  assert.equal(refused.ok, false);
  assert.match(refused.reason, /An EC2 instance runs in one Availability Zone/);
  assert.equal(dropPlacement(layout, { scope: 'regional', label: 'SQS queue' }, inBand).placement.region, 'us-east-1');
  assert.match(dropPlacement(layout, { scope: 'regional', label: 'SQS queue' }, { x: 0, y: 0 }).reason, /inside a Region/);
  assert.match(dropPlacement(layout, { scope: 'global', label: 'Users' }, inAz).reason, /global/);
  assert.equal(dropPlacement(layout, { scope: 'global', label: 'Users' }, { x: 20, y: 300 }).ok, true);
});

test('every node of a scenario gets a spot inside its container, none overlapping', () => {
  const d = settleLayout(restore(threeTier));
  const layout = computeLayout(d);
  for (const n of d.nodes) {
    const r = nodeRect(layout, n);
    const hit = hitTest(layout, { x: r.x + NODE_W / 2, y: r.y + NODE_H / 2 });
    if (n.placement.az) assert.equal(hit.az, n.placement.az, n.id);
    else if (n.placement.region) assert.equal(hit.region, n.placement.region, n.id);
    else assert.equal(hit.type, 'none', n.id);
  }
  const rects = d.nodes.map((n) => nodeRect(layout, n));
  for (let i = 0; i < rects.length; i += 1) for (let j = i + 1; j < rects.length; j += 1) {
    const a = rects[i]; const b = rects[j];
    assert.ok(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y, `${d.nodes[i].id} overlaps ${d.nodes[j].id}`);
  }
});

test('validation problems land on the node, edge or AZ they concern', () => {
  const d = restore(threeTier);
  const p = problemsByTarget(d, [
    { path: 'nodes[2].props.max', message: 'must be at least min (4)' },
    { path: 'edges[0]', message: 'a client cannot be a target' },
    { path: 'regions[0].azs[1]', message: 'duplicate AZ' },
    { path: 'run.duration', message: 'must be positive' },
  ]);
  assert.equal(describe(p.nodes.get('web')[0]), 'max: must be at least min (4)');
  assert.equal(p.edges.get('e1')[0].message, 'a client cannot be a target');
  assert.equal(p.regions.get('us-east-1b')[0].message, 'duplicate AZ');
  assert.equal(p.design[0].path, 'run.duration');
});

test('copy and paste gives fresh ids and keeps the edges between copied nodes', () => {
  const d = restore(threeTier);
  const frag = copyFragment(d, ['lb', 'web']);
  assert.equal(frag.edges.length, 1);
  const { nodes, edges } = pasteCells(d, JSON.parse(JSON.stringify(frag)));
  assert.deepEqual(nodes.map((n) => n.id), ['lb-2', 'web-2']);
  assert.equal(edges[0].from, 'lb-2');
  assert.equal(edges[0].to, 'web-2');
  assert.ok(!d.edges.some((e) => e.id === edges[0].id));
});

test('a scenario laid out in absolute coordinates is laid out again, tidily, flow left to right', () => {
  const doc = restore({
    regions: [{ id: 'us-east-1', azs: ['us-east-1a', 'us-east-1b'] }, { id: 'us-west-2', azs: ['us-west-2a'] }],
    nodes: [
      { id: 'users', kind: 'client', placement: {}, ui: { x: 60, y: 260 } },
      { id: 'dns', kind: 'route53', placement: {}, ui: { x: 240, y: 260 } },
      { id: 'lb', kind: 'alb', placement: { region: 'us-east-1' }, ui: { x: 440, y: 120 } },
      { id: 'web', kind: 'asg', placement: { region: 'us-east-1' }, ui: { x: 640, y: 120 } },
      { id: 'db', kind: 'rds', placement: { region: 'us-east-1', az: 'us-east-1a' }, ui: { x: 860, y: 120 } },
      { id: 'lb2', kind: 'alb', placement: { region: 'us-west-2' }, ui: { x: 0, y: 0 } },
    ],
    edges: [{ id: 'e1', from: 'users', to: 'dns' }, { id: 'e2', from: 'dns', to: 'lb' }, { id: 'e3', from: 'lb', to: 'web' }, { id: 'e4', from: 'web', to: 'db' }],
  });
  const d = settleLayout(doc);
  const layout = computeLayout(d);
  const at = (id) => nodeRect(layout, d.nodes.find((n) => n.id === id));
  assert.ok(at('lb').x < at('web').x, 'the ALB sits before the web tier');
  assert.equal(at('lb').y, at('web').y);
  assert.deepEqual(d.nodes.find((n) => n.id === 'lb2').ui, { x: 0, y: 0 }, 'a Region that fits is left alone');
  assert.equal(hitTest(layout, { x: at('dns').x + 10, y: at('dns').y + 10 }).type, 'none', 'global nodes stay outside Regions');
  assert.ok(layout.regions[0].w < 900, 'foreign coordinates do not stretch the Region');
});

test("a challenge's fix reads as changes to the learner's design and applies to what is still there", async () => {
  const { solutionChanges, applySolution } = await import('../model/solution.js');
  const design = restore(threeTier);
  design.nodes = design.nodes.filter((n) => n.id !== 'db');
  const fix = { props: { web: { max: 12, instance_type: 't3.medium' }, db: { multi_az: true } } };
  const lines = solutionChanges(design, fix, catalogue);
  const web = design.nodes.find((n) => n.id === 'web');
  assert.deepEqual(lines.map((l) => [l.where, l.title, l.to, l.missing]), [
    [web.label, 'Max (instances)', 12, false], [web.label, 'Instance type', 't3.medium', false], ['db', 'multi_az', true, true]]);
  assert.equal(lines[0].from, web.props.max ?? catalogue.prop('asg', 'max').default);
  assert.equal(lines[1].done, (web.props.instance_type ?? 't3.medium') === 't3.medium');
  const after = applySolution(design, fix);
  assert.equal(after.nodes.find((n) => n.id === 'web').props.max, 12);
  assert.equal(after.nodes.length, design.nodes.length, 'a component the learner removed is not brought back');
  assert.equal(design.nodes.find((n) => n.id === 'web').props.max, web.props.max, 'the design given is left as it was');
});

test('a fix that adds, connects, moves and removes applies once, and not twice', async () => {
  const { solutionChanges, applySolution } = await import('../model/solution.js');
  const design = restore(threeTier);
  const into = design.edges.find((e) => e.to === 'lb');
  const fix = {
    remove: [into.id],
    add_nodes: [{ id: 'cdn', kind: 'cloudfront', label: 'Edge', placement: {}, props: {}, ui: { x: 10, y: 10 } }],
    add_edges: [{ id: into.id, from: into.from, to: 'cdn', props: {} }, { id: 'to-lb', from: 'cdn', to: 'lb', props: {} }, { id: 'x', from: 'ghost', to: 'lb', props: {} }],
    placement: { web: { region: 'us-east-1' } },
  };
  const lines = solutionChanges(design, fix, catalogue);
  assert.deepEqual(lines.map((l) => [l.kind, l.done, l.missing]), [
    ['remove', false, false], ['add', false, false], ['connect', false, false], ['connect', false, false], ['connect', false, true], ['place', true, false]]);
  assert.match(lines[1].text, /add .*“Edge”/);
  assert.match(lines[3].text, /connect Edge → /);
  const after = applySolution(design, fix);
  assert.ok(!after.edges.some((e) => e.from === into.from && e.to === 'lb'), 'the old connection is gone');
  assert.ok(after.edges.some((e) => e.from === 'cdn' && e.to === 'lb'));
  assert.equal(new Set(after.edges.map((e) => e.id)).size, after.edges.length, 'edge ids stay unique');
  assert.ok(!after.edges.some((e) => e.from === 'ghost'), 'a connection to what is not there is not drawn');
  assert.ok(solutionChanges(after, fix, catalogue).every((l) => l.done || l.missing), 'once applied, every change reads done');
  const again = applySolution(after, fix);
  assert.deepEqual(again.edges, after.edges, 'applied again, the replacement under the old id stays');
  assert.equal(again.nodes.filter((n) => n.id === 'cdn').length, 1, 'applied twice, the fix adds once');
  assert.equal(again.edges.filter((e) => e.from === 'cdn' && e.to === 'lb').length, 1);
  assert.ok(solutionChanges(after, { add_nodes: fix.add_nodes }, catalogue)[0].done);
});

test('a prop title reads initials as initials and keeps its unit', () => {
  assert.equal(propTitle({ name: 'ttl_s', unit: 's' }), 'TTL (s)');
  assert.equal(propTitle({ name: 'service_ms', unit: 'ms' }), 'Service (ms)');
  assert.equal(propTitle({ name: 'wcu' }), 'WCU');
  assert.equal(propTitle({ name: 'instance_type' }), 'Instance type');
  assert.equal(propTitle({ name: 'cb_reset_s', unit: 's' }), 'Cb reset (s)');
});
