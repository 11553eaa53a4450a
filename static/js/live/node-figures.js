/**
 * One node's live figures in the overlay's SVG layer: a status ring and mark (colour AND shape:
 * circle ok, triangle degraded, square down, so it reads without colour vision), a line of
 * figures and a kind-specific line under the card, a queue-depth bar and a pip per instance. The
 * elements are made once per node view; each frame writes only what changed since the last.
 */
import { NODE_W, NODE_H } from '../model/layout.js';
import { STATUS, detailLine, fmtNumber, fmtMs } from './figures.js';
import { LINE_EM } from './figure-wrap.js';

const SVG = 'http://www.w3.org/2000/svg';
export const ICON_PATHS = {
  circle: 'M -9 0 a 9 9 0 1 0 18 0 a 9 9 0 1 0 -18 0 Z',
  triangle: 'M 0 -11 L 10.5 8 L -10.5 8 Z',
  square: 'M -8.5 -8.5 H 8.5 V 8.5 H -8.5 Z',
};
export const GLYPHS = { circle: 'M -4 0.5 L -1.2 3.5 L 4.5 -3', triangle: 'M 0 -4.5 V 1.5 M 0 4.6 V 4.8', square: 'M -3.5 -3.5 L 3.5 3.5 M 3.5 -3.5 L -3.5 3.5' };
const MAX_PIPS = 14;

function make(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** The elements of node `id`'s figures for its diagram `view`, in a group not yet placed. */
export function makeNodeFigures(id, view) {
  const layer = make('g', { class: 'pg-live is-on', 'data-node': id });
  const ring = make('path', { class: 'pg-status-ring', d: roundedRect(-4, -4, NODE_W + 8, NODE_H + 8, 15) });
  // The three status marks are made once, all hidden; a status change shows one (the visibility
  // attribute of two small groups: no new geometry to lay out) and recolours the ring and icon
  // (not a class or custom property on the whole group, which restyled all its children).
  const icon = make('g', { class: 'pg-status-icon', transform: `translate(${NODE_W - 2}, 2)` });
  const marks = {};
  for (const [name, d] of Object.entries(ICON_PATHS)) {
    marks[name] = make('g', { visibility: 'hidden' });
    marks[name].append(make('path', { class: 'pg-status-shape', d }), make('path', { class: 'pg-status-glyph', d: GLYPHS[name] }));
    icon.append(marks[name]);
  }
  const text = make('text', { class: 'pg-live-text', x: 0, y: NODE_H + 20 });
  const text2 = make('text', { class: 'pg-live-text2', x: 0, y: NODE_H + 38 });
  const bar = { x: 8, y: NODE_H - 6, height: 4, rx: 2 }; // under a card's two-line subtitle (canvas/shapes.js)
  const barBg = make('rect', { class: 'pg-bar-bg', ...bar, width: NODE_W - 16 });
  const barFg = make('rect', { class: 'pg-bar', ...bar });
  const pips = make('g', { class: 'pg-pips', transform: 'translate(10, -13)' });
  layer.append(ring, icon, text, text2, barBg, barFg, pips);
  return { view, layer, ring, icon, marks, text, text2, barBg, bar: barFg, pips, pipEls: [], more: null, last: {} };
}

/**
 * Write one frame's figures onto a node. look: {status, hot, depth, barWidth, texts (the text is
 * due), showLine, showDetail (the zoom draws that text), compact (projector mode: the short lines),
 * force, s (the scale)}.
 */
export function paintNodeFigures(els, fig, look) {
  const { status, hot, depth, s } = look;
  if (els.last.hot !== hot) { els.last.hot = hot; els.layer.classList.toggle('is-bottleneck', hot); }
  if (els.last.status !== status) paintStatus(els, status);
  const line = fig ? figuresLine(fig, look.compact) : (status === 'down' ? 'dark' : '');
  const detail = hot ? (look.compact ? 'BOTTLENECK' : 'BOTTLENECK: the busiest part') : detailLine(fig, look.compact) || (look.compact ? busyText(fig) : '');
  const [lines, lines2] = look.texts && look.wrap ? look.wrap(line, detail) : [];
  if (look.texts && look.showLine) writeLines(els, 'text', line, lines);
  if (look.texts && look.showDetail) writeLines(els, 'text2', detail, lines2);
  const inst = fig?.instances;
  const pipKey = inst ? `${inst.in_service || 0}/${inst.pending || 0}/${inst.unhealthy || 0}` : '';
  if (look.showLine && els.last.pips !== pipKey) { drawPips(els, inst); els.last.pips = pipKey; } // under 1 px when zoomed far out
  if (depth !== null) {
    const w = look.barWidth;
    if (look.force || els.last.bar === undefined || Math.abs(w - els.last.bar) * s >= 0.5) { els.bar.setAttribute('width', w.toFixed(1)); els.last.bar = w; }
    if (els.last.depth === null || els.last.depth === undefined) { els.barBg.style.display = ''; els.bar.style.display = ''; }
  } else if (els.last.depth !== null) {
    els.barBg.style.display = 'none';
    els.bar.style.display = 'none';
  }
  els.last.depth = depth;
}

/** Write `text` into the node's figure text `key` ('text' or 'text2'), as it is or, in projector
 * mode, as the `lines` it wraps into (figure-wrap.js: a tspan a line, LINE_EM apart); the
 * second text starts under the first's last line (--pg-l1, projector.css). Only what changed. */
function writeLines(els, key, text, lines) {
  const id = lines ? `${lines.length}:${lines.join('\n')}` : text;
  if (els.last[key] === id) return;
  els.last[key] = id;
  const el = els[key];
  if (!lines) el.textContent = text;
  else {
    el.replaceChildren(...lines.map((l, i) => {
      const span = make('tspan', i ? { x: 0, dy: `${LINE_EM}em` } : { x: 0 });
      span.textContent = l;
      return span;
    }));
  }
  if (key === 'text') els.text2.style.setProperty('--pg-l1', String(Math.max(1, lines?.length || 1)));
}

/** The first line: rps, p99 and how busy. `compact` (projector mode, where the text is large): rps
 * and p99 only, and how busy goes to the second line when the kind has nothing else to say there. */
export function figuresLine(fig, compact = false) {
  const p99 = typeof fig.p99_ms === 'number' && fig.p99_ms > 0 ? ` · p99 ${fmtMs(fig.p99_ms)}` : '';
  const busy = !compact && typeof fig.utilization === 'number' ? ` · ${busyText(fig)}` : '';
  return `${fmtNumber(fig.rps, fig.rps < 10 ? 1 : 0)} rps${p99}${busy}`;
}

function busyText(fig) { return typeof fig?.utilization === 'number' ? `${Math.round(fig.utilization * 100)}% busy` : ''; }

/** A node's status as colour and shape together (circle ok, triangle degraded, square down), and
 * its figures' text in red while it is down. `data-status` names it for tests and tools. */
function paintStatus(els, status) {
  const st = STATUS[status];
  const was = els.last.status;
  els.last.status = status;
  els.layer.dataset.status = status;
  els.ring.style.color = st.colour;
  els.icon.style.color = st.colour;
  const before = STATUS[was]?.shape;
  if (before !== st.shape) {
    if (before) els.marks[before].setAttribute('visibility', 'hidden');
    els.marks[st.shape].setAttribute('visibility', 'visible');
  }
  if ((was === 'down') !== (status === 'down')) {
    const fill = status === 'down' ? '#991b1b' : '';
    els.text.style.fill = fill;
    els.text2.style.fill = fill;
  }
}

/** One mark per instance: filled green square in service, hollow amber square pending (booting),
 * red cross unhealthy. Shape tells them apart without colour. Marks are reused: only those whose
 * kind changed are rewritten, and only the difference in count is added or removed. */
const PIP = {
  in: (x) => ({ d: `M ${x} 0 h 8 v 8 h -8 Z`, fill: '#15803d', stroke: 'none', 'stroke-width': '0' }),
  pending: (x) => ({ d: `M ${x + 1} 1 h 6 v 6 h -6 Z`, fill: '#fff', stroke: '#b45309', 'stroke-width': '2' }),
  bad: (x) => ({ d: `M ${x} 0 l 8 8 M ${x + 8} 0 l -8 8`, fill: 'none', stroke: '#b91c1c', 'stroke-width': '2.5' }),
};

function drawPips(els, inst) {
  const marks = inst ? [...Array(inst.in_service || 0).fill('in'), ...Array(inst.pending || 0).fill('pending'), ...Array(inst.unhealthy || 0).fill('bad')] : [];
  const shown = marks.slice(0, MAX_PIPS);
  const list = els.pipEls;
  shown.forEach((m, i) => {
    let mark = list[i];
    if (!mark) { mark = { el: document.createElementNS(SVG, 'path'), kind: null }; els.pips.insertBefore(mark.el, els.more); list.push(mark); }
    if (mark.kind === m) return;
    mark.kind = m;
    for (const [k, v] of Object.entries(PIP[m](i * 11))) mark.el.setAttribute(k, v);
  });
  while (list.length > shown.length) list.pop().el.remove();
  if (marks.length > shown.length) {
    if (!els.more) { els.more = make('text', { class: 'pg-pips-more', y: '8' }); els.pips.append(els.more); }
    els.more.setAttribute('x', String(shown.length * 11 + 2));
    els.more.textContent = `+${marks.length - shown.length}`;
  } else if (els.more) { els.more.remove(); els.more = null; }
}

export function roundedRect(x, y, w, h, r) {
  return `M ${x + r} ${y} H ${x + w - r} A ${r} ${r} 0 0 1 ${x + w} ${y + r} V ${y + h - r} A ${r} ${r} 0 0 1 ${x + w - r} ${y + h} H ${x + r} A ${r} ${r} 0 0 1 ${x} ${y + h - r} V ${y + r} A ${r} ${r} 0 0 1 ${x + r} ${y} Z`;
}
