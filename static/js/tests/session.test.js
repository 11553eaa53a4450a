import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

/** A WebSocket the test plays the server of: it opens, speaks and closes when told to. */
class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 3;
  static made = [];

  constructor(url) {
    this.url = url;
    this.readyState = FakeWebSocket.CONNECTING;
    this.sent = [];
    this.listeners = {};
    this.closedByClient = false;
    FakeWebSocket.made.push(this);
  }

  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  fire(type, event = {}) { for (const fn of this.listeners[type] || []) fn(event); }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { this.closedByClient = true; this.readyState = FakeWebSocket.CLOSED; }

  // -- the server's side --
  accept() { this.readyState = FakeWebSocket.OPEN; this.fire('open'); }
  say(message) { this.fire('message', { data: JSON.stringify(message) }); }
  hangUp() { this.readyState = FakeWebSocket.CLOSED; this.fire('close', { code: 1006 }); }
}

globalThis.WebSocket = FakeWebSocket;
globalThis.location = { protocol: 'http:', host: 'playground.test' };
const { RunSession, PAUSE_SETTLE_MS } = await import('../live/session.js');

let clock;
let heard;

function session(opts = {}) {
  const on = {};
  for (const name of ['state', 'started', 'shared', 'watching', 'frame', 'end', 'error', 'closed', 'leave']) {
    on[name] = (...args) => heard.push([name, ...args]);
  }
  return new RunSession({ on, now: () => clock, ...opts });
}
const lastSocket = () => FakeWebSocket.made[FakeWebSocket.made.length - 1];
const named = (name) => heard.filter(([n]) => n === name);
const frame = (t, extra = {}) => ({ type: 'frame', seq: t, t, paused: false, global: {}, nodes: {}, edges: {}, events: [], ...extra });

/** A learner's run that has started and shown `frames` frames. */
function running(frames = 1) {
  const s = session();
  s.start({ type: 'start', design_id: 'd1', seed: 1, speed: 10 });
  lastSocket().accept();
  lastSocket().say({ type: 'started', run: 'r1', seed: 1, speed: 10, duration: 60 });
  for (let t = 1; t <= frames; t += 1) lastSocket().say(frame(t));
  return s;
}

beforeEach(() => { FakeWebSocket.made = []; clock = 10_000; heard = []; });

test('a run starts on /ws/simulate/: "start" waits for the socket to open, "started" means running', () => {
  const s = session();
  assert.equal(s.start({ type: 'start', design_id: 'd1' }), true);
  assert.equal(s.state, 'starting');
  const ws = lastSocket();
  assert.equal(ws.url, 'ws://playground.test/ws/simulate/');
  assert.deepEqual(ws.sent, []);
  ws.accept();
  assert.deepEqual(ws.sent, [{ type: 'start', design_id: 'd1' }]);
  ws.say({ type: 'started', run: 'r1', duration: 60 });
  assert.equal(s.state, 'running');
  assert.deepEqual(named('started')[0][1].run, 'r1');
  assert.deepEqual(named('state').map(([, st]) => st), ['starting', 'running']);
});

test('frames are counted and the last one kept; a second start is refused while the run is live', () => {
  const s = running(3);
  assert.equal(s.frames, 3);
  assert.equal(s.lastFrame.t, 3);
  assert.equal(named('frame').length, 3);
  assert.equal(s.start({ type: 'start' }), false);
  assert.equal(FakeWebSocket.made.length, 1);
});

test('a first frame before "started" also means running', () => {
  const s = session();
  s.start({ type: 'start' });
  lastSocket().say(frame(1));
  assert.equal(s.state, 'running');
});

test('pause is the learner\'s at once; the server\'s word in a frame wins only once the toggle settled', () => {
  const s = running();
  s.togglePause();
  assert.equal(s.state, 'paused');
  assert.deepEqual(lastSocket().sent.at(-1), { type: 'pause' });
  lastSocket().say(frame(2, { paused: false })); // in flight before the pause arrived
  assert.equal(s.state, 'paused');
  clock += PAUSE_SETTLE_MS + 1;
  lastSocket().say(frame(3, { paused: false })); // the server never paused: believe it
  assert.equal(s.state, 'running');
  lastSocket().say(frame(4, { paused: true }));
  assert.equal(s.state, 'paused');
  s.togglePause();
  assert.deepEqual(lastSocket().sent.at(-1), { type: 'resume' });
  assert.equal(s.state, 'running');
});

test('"end" ends the run, keeps the report and closes the socket; its close then changes nothing', () => {
  const s = running();
  lastSocket().say({ type: 'end', run: 'r1', reason: 'completed', report: { goals: [] } });
  assert.equal(s.state, 'ended');
  assert.deepEqual(s.lastReport, { goals: [] });
  assert.equal(lastSocket().closedByClient, true);
  lastSocket().hangUp();
  assert.equal(s.state, 'ended');
  assert.equal(named('closed').length, 0);
});

test('a refused control leaves the run playing; a final error ends it', () => {
  const s = running();
  lastSocket().say({ type: 'error', control: 'inject', message: 'inject refused: no such node' });
  assert.equal(s.state, 'running');
  assert.equal(named('error').length, 1);
  lastSocket().say({ type: 'error', code: 'cpu_limit', message: 'too much', final: true });
  assert.equal(s.state, 'ended');
  assert.equal(named('leave').length, 0);
});

test('a refused control is not a failed start, even before "started" came', () => {
  const s = session();
  s.start({ type: 'start' });
  lastSocket().say({ type: 'error', control: 'speed', message: 'speed refused' });
  assert.equal(s.state, 'starting');
  assert.equal(named('leave').length, 0);
});

test('an error naming a gone run ends it even when not marked final', () => {
  const s = running();
  lastSocket().say({ type: 'error', code: 'not_running', message: 'The run has already ended' });
  assert.equal(s.state, 'ended');
});

test('a refused start (nothing shown yet) goes back to editing', () => {
  const s = session();
  s.start({ type: 'start' });
  lastSocket().accept();
  lastSocket().say({ type: 'error', code: 'busy', message: 'The server is full' });
  assert.equal(s.state, 'idle');
  assert.equal(named('leave').length, 1);
});

test('a bad message while running is only reported', () => {
  const s = running();
  lastSocket().say({ type: 'error', code: 'bad_field', message: '"speed": "value" must be one of ...' });
  assert.equal(s.state, 'running');
});

test('the socket closing ends a run that showed frames, and leaves one that showed none', () => {
  const s = running();
  lastSocket().hangUp();
  assert.equal(s.state, 'ended');
  assert.equal(named('closed').length, 1);
  heard = [];
  const t = session();
  t.start({ type: 'start' });
  lastSocket().hangUp();
  assert.equal(t.state, 'idle');
  assert.deepEqual(named('closed').length + named('leave').length, 2);
});

test('after a refused start, a new start is not ended by the old socket closing or speaking', () => {
  const s = session();
  s.start({ type: 'start' });
  const old = lastSocket();
  old.accept();
  old.say({ type: 'error', code: 'busy', message: 'full' });
  assert.equal(s.start({ type: 'start' }), true);
  assert.equal(old.closedByClient, true);
  assert.notEqual(lastSocket(), old);
  old.hangUp();
  old.say({ type: 'error', code: 'crashed', final: true, message: 'stale' });
  assert.equal(s.state, 'starting');
  lastSocket().accept();
  lastSocket().say({ type: 'started', run: 'r2' });
  assert.equal(s.state, 'running');
});

test('a viewer follows /ws/watch/<token>/: "watching" means running, and the owner\'s pause shows at once', () => {
  const s = session({ watchToken: 'tok/en' });
  s.watch();
  assert.equal(lastSocket().url, 'ws://playground.test/ws/watch/tok%2Fen/');
  assert.equal(s.state, 'starting');
  lastSocket().accept();
  lastSocket().say({ type: 'watching', run: 'r1', design: { nodes: [] }, history: [], events: [] });
  assert.equal(s.state, 'running');
  assert.equal(named('watching').length, 1);
  lastSocket().say(frame(5, { paused: true }));
  assert.equal(s.state, 'paused', 'no settle time: a viewer never toggles');
  lastSocket().say(frame(6, { paused: false }));
  assert.equal(s.state, 'running');
});

test('a viewer who joins a paused run sees it paused, painted with its latest frame', () => {
  const s = session({ watchToken: 'tok' });
  s.watch();
  lastSocket().accept();
  const latest = frame(40, { paused: true });
  lastSocket().say({ type: 'watching', run: 'r1', design: { nodes: [] }, history: [], events: [], faults: [], paused: true, frame: latest });
  assert.equal(s.state, 'paused');
  assert.deepEqual(s.lastFrame, latest);
});

test('a viewer who joins after the end gets the run as it ended: its last frame and report', () => {
  const s = session({ watchToken: 'tok' });
  s.watch();
  lastSocket().accept();
  const last = frame(600);
  lastSocket().say({ type: 'end', run: 'r1', reason: 'finished', report: { duration: 600 }, design: { nodes: [] }, frame: last, faults: [] });
  assert.equal(s.state, 'ended');
  assert.deepEqual(s.lastFrame, last);
  assert.deepEqual(s.lastReport, { duration: 600 });
});

test('an end without a frame keeps the frame the viewer last saw', () => {
  const s = session({ watchToken: 'tok' });
  s.watch();
  lastSocket().accept();
  lastSocket().say({ type: 'watching', run: 'r1', design: { nodes: [] }, history: [], events: [] });
  lastSocket().say(frame(7));
  lastSocket().say({ type: 'end', run: 'r1', reason: 'stopped', report: {} });
  assert.equal(s.lastFrame.t, frame(7).t);
});

test('a viewer whose link does not open sees the run ended, not the editor', () => {
  const s = session({ watchToken: 'gone' });
  s.watch();
  lastSocket().say({ type: 'error', code: 'revoked', final: true, message: 'The owner stopped sharing' });
  assert.equal(s.state, 'ended');
  assert.equal(named('leave').length, 0);
});

test('"shared" hands on the watch link; messages outside the protocol change nothing', () => {
  const s = running();
  lastSocket().say({ type: 'shared', watch: { token: 't', url: '/live/t/', ws: '/ws/watch/t/' } });
  assert.deepEqual(named('shared')[0][1].url, '/live/t/');
  lastSocket().say({ type: 'paused' });
  lastSocket().say({ type: 'resumed' });
  lastSocket().fire('message', { data: 'not json' });
  assert.equal(s.state, 'running');
});

test('controls go to the run playing; speed is not sent when no run is', () => {
  const idle = session();
  idle.setSpeed(30);
  idle.togglePause();
  assert.equal(FakeWebSocket.made.length, 0);
  assert.equal(idle.state, 'idle');
  const s = running();
  s.setSpeed(30);
  s.send({ type: 'set', node: 'users', props: { rate: 400 } });
  s.stop();
  assert.deepEqual(lastSocket().sent.slice(1), [{ type: 'speed', value: 30 }, { type: 'set', node: 'users', props: { rate: 400 } }, { type: 'stop' }]);
});
