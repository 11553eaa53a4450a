import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paramValue, projectorWanted, urlWith, parseColour, contrastRatio, meetsAA } from '../projector-prefs.js';
import { figuresLine } from '../live/node-figures.js';

test('the address says on or off, in a few spellings; anything else says nothing', () => {
  assert.equal(paramValue('?projector=1'), true);
  assert.equal(paramValue('?a=b&projector=on'), true);
  assert.equal(paramValue('?projector=TRUE'), true);
  assert.equal(paramValue('?projector=0'), false);
  assert.equal(paramValue('?projector=no'), false);
  assert.equal(paramValue('?projector=maybe'), null);
  assert.equal(paramValue('?projector='), null);
  assert.equal(paramValue(''), null);
  assert.equal(paramValue('?check_seeds=3'), null);
});

test('the address wins over the remembered choice, which decides when the address is silent', () => {
  assert.equal(projectorWanted('?projector=0', '1'), false);
  assert.equal(projectorWanted('?projector=1', '0'), true);
  assert.equal(projectorWanted('', '1'), true);
  assert.equal(projectorWanted('', '0'), false);
  assert.equal(projectorWanted('', null), false, 'off unless asked for');
  assert.equal(projectorWanted('?projector=junk', '1'), true, 'a parameter that says nothing leaves the choice');
});

test('a toggle writes the mode into the address and keeps the rest of it', () => {
  assert.equal(urlWith('http://x.test/play/7/?check_seeds=3#n', true), '/play/7/?check_seeds=3&projector=1#n');
  assert.equal(urlWith('http://x.test/play/7/?projector=1&check_seeds=3', false), '/play/7/?check_seeds=3');
  assert.equal(urlWith('http://x.test/live/abc/?projector=0', true), '/live/abc/?projector=1');
  assert.equal(urlWith('http://x.test/scenarios/s/', false), '/scenarios/s/');
});

test('colours parse as the browser reports them', () => {
  assert.deepEqual(parseColour('rgb(11, 18, 32)'), [11, 18, 32, 1]);
  assert.deepEqual(parseColour('rgba(255, 255, 255, 0.5)'), [255, 255, 255, 0.5]);
  assert.deepEqual(parseColour('#fff'), [255, 255, 255, 1]);
  assert.deepEqual(parseColour('#1d4ed8'), [29, 78, 216, 1]);
  assert.equal(parseColour('transparent'), null);
});

test('contrast ratios are WCAG 2: black on white 21, grey #777 just under 4.5, translucent ink blended first', () => {
  assert.equal(Math.round(contrastRatio('#000', '#fff') * 10) / 10, 21);
  assert.equal(Math.round(contrastRatio('#fff', '#fff') * 10) / 10, 1);
  const grey = contrastRatio('#777777', '#ffffff');
  assert.ok(grey > 4.4 && grey < 4.5, grey);
  assert.ok(contrastRatio('rgba(0, 0, 0, 0.2)', '#fff') < 2, 'faint ink on white is faint');
  assert.equal(contrastRatio('nonsense', '#fff'), null);
  assert.equal(meetsAA(4.48), false);
  assert.equal(meetsAA(4.5), true);
  assert.equal(meetsAA(3.2, { px: 24 }), true, 'large text needs 3:1');
  assert.equal(meetsAA(3.2, { px: 19, bold: true }), true);
  assert.equal(meetsAA(3.2, { px: 19 }), false);
});

test('projector figures are the short line: rps and p99, how busy left to the second line', () => {
  const fig = { rps: 883.2, p99_ms: 0.5, utilization: 0.42 };
  assert.equal(figuresLine(fig), '883 rps · p99 0.5 ms · 42% busy');
  assert.equal(figuresLine(fig, true), '883 rps · p99 0.5 ms');
  assert.equal(figuresLine({ rps: 3.25 }, true), '3.3 rps');
});
