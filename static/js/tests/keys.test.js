import { test } from 'node:test';
import assert from 'node:assert/strict';
import { navTargets, stepTarget, nearestTarget } from '../keys/nav.js';
import { rankActions } from '../keys/rank.js';
import { SHORTCUTS, keyLabel } from '../keys/help-sheet.js';
import { computeLayout } from '../model/layout.js';

const design = {
  regions: [{ id: 'us-east-1', azs: ['us-east-1a', 'us-east-1b'] }],
  nodes: [
    { id: 'db', kind: 'rds', placement: { region: 'us-east-1', az: 'us-east-1a' }, ui: { x: 10, y: 10 } },
    { id: 'lb', kind: 'alb', placement: { region: 'us-east-1' }, ui: { x: 10, y: 10 } },
    { id: 'users', kind: 'client', placement: {}, ui: { x: 40, y: 40 } },
  ],
  edges: [{ id: 'e1', from: 'users', to: 'lb' }, { id: 'e2', from: 'lb', to: 'gone' }],
};

test('the keyboard reaches nodes in reading order, then the connections between drawn nodes', () => {
  const t = navTargets(design, computeLayout(design));
  assert.deepEqual(t.map((x) => `${x.type}:${x.id}`), ['node:users', 'node:lb', 'node:db', 'edge:e1']);
  assert.deepEqual(stepTarget(t, null, 1), t[0]);
  assert.deepEqual(stepTarget(t, null, -1), t[3]);
  assert.equal(stepTarget(t, { type: 'edge', id: 'e1' }, 1), null, 'past the last, Tab leaves the canvas');
  assert.equal(stepTarget(t, { type: 'node', id: 'users' }, -1), null);
  assert.equal(stepTarget([], null, 1), null);
});

test('an arrow goes to the nearest thing that way, and stays put when there is none', () => {
  const t = [{ type: 'node', id: 'a', x: 0, y: 0 }, { type: 'node', id: 'b', x: 200, y: 10 }, { type: 'node', id: 'c', x: 0, y: 300 }, { type: 'node', id: 'd', x: 40, y: 150 }];
  const a = { type: 'node', id: 'a' };
  assert.equal(nearestTarget(t, a, 'ArrowRight').id, 'b');
  assert.equal(nearestTarget(t, a, 'ArrowDown').id, 'd');
  assert.equal(nearestTarget(t, a, 'ArrowLeft').id, 'a');
  assert.equal(nearestTarget(t, null, 'ArrowUp').id, 'a', 'with nothing reached, the first');
  assert.equal(nearestTarget(t, a, 'Enter'), null);
});

test('the command palette finds actions by every word, the best match first', () => {
  const actions = [{ title: 'Export JSON' }, { title: 'Add EC2 instance', words: 'compute' }, { title: 'Run the simulation', words: 'start' }, { title: 'Add External API' }];
  assert.deepEqual(rankActions(actions, 'ex').map((a) => a.title), ['Export JSON', 'Add External API']);
  assert.deepEqual(rankActions(actions, 'add ec2').map((a) => a.title), ['Add EC2 instance']);
  assert.deepEqual(rankActions(actions, 'start').map((a) => a.title), ['Run the simulation']);
  assert.deepEqual(rankActions(actions, 'COMPUTE').map((a) => a.title), ['Add EC2 instance']);
  assert.deepEqual(rankActions(actions, 'nothing like it'), []);
  assert.equal(rankActions(actions, '  ').length, 4);
});

test('the help sheet lists the palette, help, undo and the canvas keys; on a Mac with ⌘', () => {
  const keys = SHORTCUTS.flatMap((g) => g.keys.map(([k]) => k));
  for (const k of ['Ctrl+K', '?', 'Escape', 'Tab', 'Enter', 'Delete', 'Ctrl+Z']) assert.ok(keys.includes(k), k);
  assert.equal(keyLabel('Ctrl+Shift+Z', true), '⌘Shift+Z');
  assert.equal(keyLabel('Ctrl+K', false), 'Ctrl+K');
});
