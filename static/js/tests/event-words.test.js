import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventFolder, groupText, nameOf, namesOf, phrase, unsnake, WINDOW_S } from '../live/event-words.js';

const design = {
  regions: [{ id: 'us-east-1', azs: ['us-east-1a', 'us-east-1b'] }],
  nodes: [
    { id: 'users', kind: 'client', label: 'Users' },
    { id: 'lb', kind: 'alb', label: 'ALB' },
    { id: 'web', kind: 'asg', label: 'Web tier' },
    { id: 'api_fn', kind: 'lambda', label: '  ' },
  ],
};
const catalogue = {
  faultKinds: [{ kind: 'az_outage', label: 'AZ outage' }, { kind: 'added_latency', label: 'Added latency' }],
  prop: (kind, name) => (kind === 'asg' && name === 'desired' ? { label: 'Desired instances' } : null),
};
const names = namesOf(design, catalogue);
const ID_OR_SNAKE = /\b(lb|web|api_fn)\b|[a-z]+_[a-z]+|->/;

test('ids read as the design names them: labels, instances of a group, AZs as AWS calls them', () => {
  assert.equal(nameOf('lb', names), 'ALB');
  assert.equal(nameOf('web-3', names), 'Web tier #3');
  assert.equal(nameOf('web-3', names, 'web'), '#3');
  assert.equal(nameOf('us-east-1b', names), 'us-east-1b');
  assert.equal(nameOf('api_fn', names), 'api_fn', 'a blank label falls back to the id');
  assert.equal(unsnake('health_interval_s went up'), 'health interval s went up');
});

test('engine sentences get the names, words for snake_case and an arrow for "->"', () => {
  const launch = phrase({ t: 210, kind: 'instance_in_service', node: 'web', message: 'web: instance web-4 in us-east-1a finished launching' }, names);
  assert.equal(launch.text, 'Web tier: instance #4 in us-east-1a finished launching');
  assert.equal(launch.node, 'web');
  assert.equal(launch.tone, 'good');
  const target = phrase({ t: 91.6, kind: 'target_unhealthy', node: 'lb', message: 'lb: target web-2 failed 2 health checks and left rotation' }, names);
  assert.equal(target.text, 'ALB: target Web tier #2 failed 2 health checks and left rotation');
  assert.equal(target.tone, 'bad');
  const scale = phrase({ t: 180, kind: 'scale_out', node: 'web', message: 'web: desired 2 -> 8 (CPU 53% above target 15%)' }, names);
  assert.equal(scale.text, 'Web tier: desired 2 → 8 instances (CPU 53% above target 15%)');
  // A plain word that is also an id ("users") stays a word inside a sentence.
  const dns = phrase({ t: 5, kind: 'dns_unhealthy', node: 'lb', message: 'lb: web failed 3 health checks; DNS answers change now, users follow' }, names);
  assert.equal(dns.text, 'ALB: Web tier failed 3 health checks; DNS answers change now, users follow');
  for (const p of [launch, target, scale]) assert.doesNotMatch(p.text, ID_OR_SNAKE);
});

test('a fault reads the same from the control and from the engine, by the catalogue\'s name', () => {
  const echo = phrase({ t: 60, kind: 'control', control: 'inject', message: 'Injected az_outage on us-east-1b', fault: { kind: 'az_outage', target: 'us-east-1b', duration: 180 } }, names);
  const engine = phrase({ t: 60, kind: 'fault', node: 'us-east-1b', message: 'fault: az outage on us-east-1b for 180 s' }, names);
  assert.equal(echo.text, 'AZ outage on us-east-1b for 180 s');
  assert.equal(engine.text, echo.text);
  assert.equal(echo.echo, engine.echo);
  assert.equal(echo.tone, 'bad');
  const slow = phrase({ t: 1, kind: 'fault', node: 'lb', message: 'fault: added latency on lb (+200 ms) for 60 s' }, names);
  assert.equal(slow.text, 'Added latency on ALB (+200 ms) for 60 s');
  const over = phrase({ t: 240, kind: 'fault_end', node: 'us-east-1b', message: 'fault over: az outage on us-east-1b' }, names);
  assert.equal(over.text, 'AZ outage on us-east-1b is over');
  assert.equal(over.tone, 'good');
});

test('controls: a prop change by its label, the speed with its sign, the rest as words', () => {
  const set = phrase({ t: 3, kind: 'control', control: 'set', node: 'web', props: { desired: 5 }, message: 'Changed desired on web' }, names);
  assert.equal(set.text, 'Web tier: desired instances set to 5');
  const engine = phrase({ t: 3, kind: 'props_changed', node: 'web', message: 'web: desired set to 5' }, names);
  assert.equal(engine.text, set.text);
  assert.equal(engine.echo, set.echo);
  assert.equal(phrase({ t: 1, kind: 'control', control: 'speed', value: 10, message: 'Speed set to 10' }, names).text, 'Speed set to 10×');
  assert.equal(phrase({ t: 1, kind: 'control', control: 'speed', value: 'max', message: 'Speed set to max' }, names).text, 'Speed set to max');
  assert.equal(phrase({ t: 1, kind: 'control', control: 'pause', message: 'Paused at 1.0 s' }, names).text, 'Paused at 1.0 s');
  assert.equal(phrase({ t: 1, kind: 'instance_crash', node: 'zzz' }, names).text, 'Instance crash zzz', 'no message: the kind in words');
});

test('the echo of an injected fault and its engine event show once, whichever comes first', () => {
  const f = new EventFolder();
  const echo = phrase({ t: 60, kind: 'control', control: 'inject', fault: { kind: 'az_outage', target: 'us-east-1b' } }, names);
  const engine = phrase({ t: 60, kind: 'fault', node: 'us-east-1b', message: 'fault: az outage on us-east-1b' }, names);
  assert.equal(f.take(echo).action, 'new');
  assert.equal(f.take(engine).action, 'drop');
  const g = new EventFolder();
  assert.equal(g.take(engine).action, 'new');
  assert.equal(g.take(echo).action, 'drop');
  // A scheduled fault (engine only), then the same one injected much later: both show.
  const h = new EventFolder();
  assert.equal(h.take(engine).action, 'new');
  assert.equal(h.take({ ...engine, t: 200 }).action, 'new');
  assert.equal(h.take({ ...echo, t: 200 }).action, 'drop');
  // Two injected at once: two chips, each told once.
  const k = new EventFolder();
  assert.equal(k.take(echo).action, 'new');
  assert.equal(k.take(echo).action, 'new');
  assert.equal(k.take(engine).action, 'drop');
  assert.equal(k.take(engine).action, 'drop');
});

test('same-kind events on one component within the window fold into one chip with a count', () => {
  const f = new EventFolder();
  const launch = (t, i) => phrase({ t, kind: 'instance_in_service', node: 'web', message: `web: instance web-${i} in us-east-1a finished launching` }, names);
  const first = f.take(launch(210, 4));
  assert.equal(first.action, 'new');
  for (let i = 5; i <= 9; i++) assert.equal(f.take(launch(210, i)).group, first.group);
  const other = f.take(phrase({ t: 211, kind: 'target_healthy', node: 'lb', message: 'lb: target web-4 passed its first health check and receives traffic' }, names));
  assert.equal(other.action, 'new');
  assert.equal(f.take(launch(215, 10)).group, first.group, 'other events between do not split it');
  assert.equal(first.group.items.length, 7);
  assert.equal(groupText(first.group, names), 'Web tier: 7 instances finished launching');
  assert.equal(groupText(other.group, names), 'ALB: target Web tier #4 passed its first health check and receives traffic');
  // Past the window: a new chip.
  assert.equal(f.take(launch(215 + WINDOW_S + 1, 11)).action, 'new');
  // Forgotten (scrolled off): a new chip.
  const g = new EventFolder();
  const a = g.take(launch(1, 1)).group;
  g.forget(a);
  assert.equal(g.take(launch(2, 2)).action, 'new');
  // A kind with no plural of its own counts its first sentence; faults never fold.
  const x = new EventFolder();
  const flap = x.take(phrase({ t: 1, kind: 'fail_open', node: 'lb', message: 'lb: every target is unhealthy' }, names)).group;
  x.take(phrase({ t: 2, kind: 'fail_open', node: 'lb', message: 'lb: every target is unhealthy' }, names));
  assert.equal(groupText(flap, names), 'ALB: every target is unhealthy (2 times)');
  const fault = (t) => phrase({ t, kind: 'fault', node: 'lb', message: 'fault: added latency on lb (+5 ms)' }, names);
  x.take(fault(3));
  assert.equal(x.take(fault(40)).action, 'new');
});
