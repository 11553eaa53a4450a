import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Editor } from '../editor.js';
import * as C from '../commands/index.js';
import { serialize } from '../model/design.js';

const catalogue = JSON.parse(readFileSync(new URL('./fixtures/catalogue.json', import.meta.url)));
const threeTier = JSON.parse(readFileSync(new URL('./fixtures/three-tier.json', import.meta.url)));
const fresh = () => new Editor({ catalogue, design: threeTier });
const canonical = (v) => (Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object'
  ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])])) : v);
const snap = (ed) => JSON.stringify(canonical(serialize(ed.design))); // key order is not meaning

test('every command undoes to exactly the document before it and redoes to exactly after', () => {
  const ed = fresh();
  const steps = [
    () => new C.AddNodeCommand(ed, { id: 'cache', kind: 'elasticache', placement: { region: 'us-east-1', az: 'us-east-1b' }, props: {}, ui: { x: 0, y: 4 } }),
    () => new C.AddEdgeCommand(ed, { id: 'e9', from: 'web', to: 'cache', props: { mode: 'sync' } }),
    () => new C.SetNodePropCommand(ed, 'web', 'max', 8),
    () => new C.SetNodePropCommand(ed, 'web', 'policy', undefined),
    () => new C.SetEdgePropCommand(ed, 'e9', 'mode', 'async'),
    () => new C.SetNodeFieldCommand(ed, 'db', 'label', 'Primary DB'),
    () => new C.MoveNodesCommand(ed, [{ id: 'db', ui: { x: 0, y: 80 }, placement: { region: 'us-east-1', az: 'us-east-1b' } }]),
    () => new C.SetDesignFieldCommand(ed, 'run.duration', 120),
    () => new C.AddAZCommand(ed, 'us-east-1', 'us-east-1c'),
    () => new C.AddRegionCommand(ed, 'eu-west-1', ['eu-west-1a']),
    () => new C.RemoveCellsCommand(ed, { nodes: ['lb'] }),
    () => new C.RemoveAZCommand(ed, 'us-east-1', 'us-east-1b'),
    () => new C.RemoveRegionCommand(ed, 'eu-west-1'),
    () => new C.ReplaceDesignCommand(ed, { name: 'imported', regions: [], nodes: [] }),
  ];
  const history = [snap(ed)];
  for (const make of steps) {
    ed.undos.forEach((c) => { c.time = 0; }); // no merging between these steps
    ed.execute(make());
    history.push(snap(ed));
  }
  for (let i = steps.length; i > 0; i -= 1) {
    ed.undo();
    assert.equal(snap(ed), history[i - 1], `undo of step ${i}`);
  }
  for (let i = 1; i <= steps.length; i += 1) {
    ed.redo();
    assert.equal(snap(ed), history[i], `redo of step ${i}`);
  }
});

test('deleting a node takes its edges; undo restores both in their places', () => {
  const ed = fresh();
  ed.execute(new C.RemoveCellsCommand(ed, { nodes: ['web'] }));
  assert.deepEqual(ed.design.edges.map((e) => e.id), ['e1']);
  ed.undo();
  assert.deepEqual(ed.design.edges.map((e) => e.id), ['e1', 'e2', 'e3']);
  assert.deepEqual(ed.design.nodes.map((n) => n.id), ['users', 'lb', 'web', 'db']);
});

test('removing an AZ removes what runs only there and narrows what spans it', () => {
  const ed = fresh();
  ed.execute(new C.SetNodeFieldCommand(ed, 'web', 'placement', { region: 'us-east-1', azs: ['us-east-1a', 'us-east-1b'] }));
  ed.execute(new C.RemoveAZCommand(ed, 'us-east-1', 'us-east-1a'));
  assert.equal(ed.design.nodes.find((n) => n.id === 'db'), undefined);
  assert.deepEqual(ed.design.nodes.find((n) => n.id === 'web').placement.azs, ['us-east-1b']);
  assert.ok(!ed.design.edges.some((e) => e.to === 'db'));
});

test('typing into one field is one undo step, not one per keystroke', () => {
  const ed = fresh();
  for (const v of [1, 12, 120]) ed.execute(new C.SetNodePropCommand(ed, 'users', 'rate', v));
  assert.equal(ed.undos.length, 1);
  assert.equal(ed.design.nodes[0].props.rate, 120);
  ed.undo();
  assert.equal(ed.design.nodes[0].props.rate, 400);
});

test('a new command clears redo; every command serialises to JSON', () => {
  const ed = fresh();
  ed.execute(new C.SetNodePropCommand(ed, 'users', 'rate', 5));
  ed.undo();
  assert.ok(ed.canRedo());
  const cmd = new C.SetNodeFieldCommand(ed, 'users', 'label', 'Shoppers');
  ed.execute(cmd);
  assert.equal(ed.canRedo(), false);
  const json = JSON.parse(JSON.stringify(cmd));
  assert.deepEqual(json, { type: 'SetNodeFieldCommand', node: 'users', field: 'label', value: 'Shoppers', old: 'Users' });
});

test('signals fire on change and a read-only editor refuses changes with a reason', () => {
  const ed = fresh();
  let changes = 0;
  ed.signals.designChanged.add(() => { changes += 1; });
  ed.execute(new C.SetNodePropCommand(ed, 'users', 'rate', 5));
  ed.undo();
  assert.equal(changes, 2);
  const ro = new Editor({ catalogue, design: threeTier, readOnly: true });
  const toasts = [];
  ro.signals.toast.add((m) => toasts.push(m));
  assert.equal(ro.execute(new C.SetNodePropCommand(ro, 'users', 'rate', 5)), false);
  assert.match(toasts[0], /read-only/);
});

test('selection forgets nodes that were deleted', () => {
  const ed = fresh();
  ed.select({ nodes: ['web', 'db'] });
  ed.execute(new C.RemoveCellsCommand(ed, { nodes: ['db'] }));
  assert.deepEqual(ed.selection.nodes, ['web']);
});
