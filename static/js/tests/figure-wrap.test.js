import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wrapFigures, wrapNode, figureRooms, roomBelow, LINE_EM } from '../live/figure-wrap.js';
import { NODE_W, NODE_H } from '../model/layout.js';

const measure = (text) => text.length * 10; // 10 px a character

test('a line that fits stays whole; one that does not breaks between its facts', () => {
  assert.deepEqual(wrapFigures('924 rps · p99 0.5 ms', 300, measure), ['924 rps · p99 0.5 ms']);
  assert.deepEqual(wrapFigures('924 rps · p99 0.5 ms', 150, measure), ['924 rps', 'p99 0.5 ms']);
});

test('a fact wider than the room breaks between words, a number keeping its unit', () => {
  assert.deepEqual(wrapFigures('replica lag 100 ms', 120, measure), ['replica lag', '100 ms']);
  assert.deepEqual(wrapFigures('p99 5.0 ms', 80, measure), ['p99', '5.0 ms']);
  assert.deepEqual(wrapFigures('BOTTLENECK', 50, measure), ['BOTTLENECK'], 'one word stays whole');
});

test('lines past the room are left out, and none is allowed none', () => {
  assert.deepEqual(wrapFigures('a · b · c', 10, measure, 2), ['a', 'b']);
  assert.deepEqual(wrapFigures('a · b', 10, measure, 0), []);
  assert.deepEqual(wrapFigures('', 100, measure), []);
});

test("a node's detail takes the lines its figures leave", () => {
  const room = { width: 100, lines: 3 };
  assert.deepEqual(wrapNode('924 rps · p99 0.5 ms', '4/4 healthy', room, measure, measure), [['924 rps', 'p99 0.5 ms'], ['4/4 healthy']]);
  assert.deepEqual(wrapNode('924 rps · p99 0.5 ms', '4/4 healthy', { width: 100, lines: 2 }, measure, measure), [['924 rps', 'p99 0.5 ms'], []]);
});

test('the room runs to the next card in the same rows, or to the canvas edge', () => {
  const s = 0.5;
  const cards = [{ id: 'a', x: 0, y: 0 }, { id: 'b', x: 400, y: 0 }, { id: 'far', x: 400, y: 2000 }];
  const rooms = figureRooms(cards, { s, tx: 0, ty: 0 }, { width: 1000, height: 2000 }, 20);
  assert.equal(rooms.get('a').width, 400 * s - 12, 'up to b, less the gap');
  assert.equal(rooms.get('b').width, (2000 - 400) * s - 12, 'to the canvas edge');
  assert.equal(rooms.get('a').lines, 4, 'nothing under it: as many as allowed');
});

test('a card right under another leaves it only the lines that fit between them', () => {
  const s = 1;
  const pitch = LINE_EM * 20;
  const gap = 4 + 2 * pitch + 3; // room for two lines, not three
  const cards = [{ id: 'top', x: 0, y: 0 }, { id: 'under', x: 0, y: NODE_H + gap }];
  const rooms = figureRooms(cards, { s, tx: 0, ty: 0 }, { width: 800, height: 800 }, 20);
  assert.equal(rooms.get('top').lines, 2);
  assert.ok(rooms.get('top').width >= NODE_W * s, 'never narrower than its card');
});

test('the fit leaves room under the lowest card for what its bounds do not already hold', () => {
  const cards = [{ x: 0, y: 0 }, { x: 0, y: 200 }];
  const b = { x: 0, y: 0, w: NODE_W, h: 200 + NODE_H + 20 };
  assert.equal(roomBelow(cards, b, 1, 79), 59);
  assert.equal(roomBelow(cards, b, 1, 10), 0);
  assert.equal(roomBelow([], b, 1, 79), 0);
});
