import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

// The smallest browser the autosave needs: localStorage and window events.
const store = new Map();
globalThis.localStorage = { getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, String(v)), removeItem: (k) => store.delete(k) };
globalThis.window = { addEventListener() {} };

const { api, ApiError } = await import('../api.js');
const { Persistence } = await import('../persistence.js');
const { Editor } = await import('../editor.js');
const { SetNodePropCommand } = await import('../commands/index.js');

const catalogue = JSON.parse(readFileSync(new URL('./fixtures/catalogue.json', import.meta.url)));
const threeTier = JSON.parse(readFileSync(new URL('./fixtures/three-tier.json', import.meta.url)));

beforeEach(() => store.clear());

test('a saved change sends the version it read, takes the new one and forgets the draft', async () => {
  const ed = new Editor({ catalogue, design: threeTier });
  const p = new Persistence(ed, { designId: 'd1', version: 3 });
  const sent = [];
  api.saveDesign = async (id, body) => { sent.push(body); return { version: body.version + 1 }; };
  ed.execute(new SetNodePropCommand(ed, 'users', 'rate', 50));
  assert.ok(store.has('playground:draft:d1'), 'the draft is written at once');
  assert.equal(p.state, 'unsaved');
  await p.save();
  assert.equal(sent[0].version, 3);
  assert.equal(sent[0].document.nodes[0].props.rate, 50);
  assert.equal(p.version, 4);
  assert.equal(p.state, 'saved');
  assert.equal(store.has('playground:draft:d1'), false);
});

test('without a connection the draft stays on the device and the state says so', async () => {
  const ed = new Editor({ catalogue, design: threeTier });
  const p = new Persistence(ed, { designId: 'd2', version: 1 });
  api.saveDesign = async () => { throw new ApiError(0, { detail: 'No connection to the server.' }); };
  ed.execute(new SetNodePropCommand(ed, 'users', 'rate', 60));
  await p.save();
  clearTimeout(p.timer);
  assert.equal(p.state, 'offline');
  assert.match(store.get('playground:draft:d2'), /"rate":60/);
});

test('a throttled save waits as long as the server asked, keeps the draft and then saves', async () => {
  const ed = new Editor({ catalogue, design: threeTier });
  const p = new Persistence(ed, { designId: 'd429', version: 2 });
  const answers = [() => { throw new ApiError(429, { detail: 'Too many requests.' }, 7); }, (body) => ({ version: body.version + 1 })];
  api.saveDesign = async (id, body) => answers.shift()(body);
  const timers = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = (fn, ms) => { timers.push(ms); return realSetTimeout(() => {}, 0); };
  try {
    ed.execute(new SetNodePropCommand(ed, 'users', 'rate', 61));
    await p.save();
  } finally { globalThis.setTimeout = realSetTimeout; }
  assert.equal(p.state, 'offline');
  assert.ok(timers.includes(7000), `the retry waits Retry-After (7 s): ${timers}`);
  assert.match(store.get('playground:draft:d429'), /"rate":61/, 'nothing is lost meanwhile');
  await p.save();
  assert.equal(p.state, 'saved');
  assert.equal(p.version, 3);
});

test('a draft of the same version is restored on load and saved', async () => {
  const ed = new Editor({ catalogue, design: threeTier });
  const first = new Persistence(ed, { designId: 'd3', version: 7 });
  ed.execute(new SetNodePropCommand(ed, 'users', 'rate', 77));
  clearTimeout(first.timer);
  const fresh = new Editor({ catalogue, design: threeTier }); // the page after a reload
  const p = new Persistence(fresh, { designId: 'd3', version: 7 });
  const sent = [];
  api.saveDesign = async (id, body) => { sent.push(body); return { version: 8 }; };
  await p.reconcile({ version: 7, document: threeTier });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(fresh.design.nodes[0].props.rate, 77);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].version, 7);
});

test('a draft equal to the server copy is simply dropped', async () => {
  const ed = new Editor({ catalogue, design: threeTier });
  const p = new Persistence(ed, { designId: 'd4', version: 2 });
  p.writeDraft();
  await p.reconcile({ version: 2, document: threeTier });
  assert.equal(store.has('playground:draft:d4'), false);
});
