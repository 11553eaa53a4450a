/**
 * Projector mode's figure lines under the cards (overlay.js paints them, node-figures.js writes
 * them). Drawn 20 px high on screen whatever the zoom, a line such as "924 rps · p99 0.5 ms" is
 * wider than the gap between two cards at 853x480, so each node's figures get the room from its
 * card's left edge to the next card to its right whose figure rows they share, or to the canvas
 * edge, and as many lines as fit before the next card under them or the canvas's bottom edge;
 * a line that does not fit is broken between its facts (" · "), a fact that still does not fit
 * between its words, and what finds no line is left out (the node's card in the panel has all). Pure but for `figurePx`: the caller measures text
 * (`measure(text) -> px`).
 */
import { NODE_W, NODE_H } from '../model/layout.js';

export const LINE_EM = 1.25; // the pitch of the lines: a line's box is about 1.2 em tall
export const MAX_LINES = 4; // under one card: the figures, then the kind's detail
export const FIT_LINES = 3; // lines the fit leaves room for under the lowest card
const GAP_PX = 12; // between a node's figures and the next card's
const UNIT = /^(ms|s|rps|busy|%|healthy|unhealthy|pending|service)$/; // kept with the word before

/** `text` broken into lines at most `room` px wide, at most `maxLines` of them: between its facts
 * (" · ") where it can, else between words (a number keeps its unit; a single word wider than
 * the room stays whole). Facts that find no line are left out. */
export function wrapFigures(text, room, measure, maxLines = MAX_LINES) {
  const lines = [];
  for (const fact of String(text || '').split(' · ').filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && measure(`${lines[last]} · ${fact}`) <= room) { lines[last] = `${lines[last]} · ${fact}`; continue; }
    const words = [];
    for (const w of fact.split(' ')) if (words.length && UNIT.test(w)) words[words.length - 1] += ` ${w}`; else words.push(w);
    let line = '';
    for (const word of words) {
      const longer = line ? `${line} ${word}` : word;
      if (line && measure(longer) > room) { lines.push(line); line = word; } else line = longer;
    }
    if (line) lines.push(line);
  }
  return lines.slice(0, Math.max(0, maxLines));
}

/** A node's figures (`line`) and its kind's detail, each as lines within its room: the detail
 * takes the lines the figures leave. */
export function wrapNode(line, detail, { width, lines }, measure, measureBold) {
  const first = wrapFigures(line, width, measure, lines);
  return [first, wrapFigures(detail, width, measureBold, lines - first.length)];
}

/**
 * Each node's room for its figure lines on screen: `width` px from its card's left edge to the
 * next card to its right whose rows (the card and `linesPx` of figures under it) overlap its own,
 * or to the canvas's right edge, less a gap (never less than the card's width); and `lines`, as
 * many as fit before the next card under that width, or the canvas's bottom edge (at most
 * MAX_LINES). `cards`: [{id, x, y}] in diagram units; `view`: {s, tx, ty}; `size`: the canvas's
 * {width, height} in px; `px`: the figures' font size on screen.
 */
export function figureRooms(cards, { s, tx, ty }, size, px) {
  const linesPx = FIT_LINES * LINE_EM * px;
  const below = NODE_H + linesPx / s;
  const rooms = new Map();
  for (const a of cards) {
    let right = (size.width - tx) / s;
    for (const b of cards) {
      if (b.x <= a.x + 1 || b.x >= right) continue;
      if (b.y < a.y + below && a.y < b.y + below) right = b.x;
    }
    const width = Math.max(NODE_W * s, (right - a.x) * s - GAP_PX);
    let bottom = (size.height - ty) / s;
    const span = a.x + width / s;
    for (const b of cards) {
      if (b.y <= a.y + 1 || b.y >= bottom) continue;
      if (b.x < span && a.x < b.x + NODE_W) bottom = b.y;
    }
    const lines = Math.floor(((bottom - a.y - NODE_H) * s - 4) / (LINE_EM * px)); // line k ends 4 + k pitches under
    rooms.set(a.id, { width, lines: Math.max(0, Math.min(MAX_LINES, lines)) });
  }
  return rooms;
}

/** The px the fit leaves free under the diagram so the lowest card's figure lines stay on the
 * canvas: `linesPx` less what the bounds `b` already hold under that card (at scale `s`). */
export function roomBelow(cards, b, s, linesPx) {
  if (!cards.length) return 0;
  const lowest = Math.max(...cards.map((c) => c.y + NODE_H));
  return Math.max(0, linesPx - (b.y + b.h - lowest) * s);
}

/** The figures' size on screen in projector mode (projector.css --pg-fig-px, read from `el`). */
export function figurePx(el) {
  return parseFloat(getComputedStyle(el).getPropertyValue('--pg-fig-px')) || 20;
}

/** The height on screen of FIT_LINES figure lines under a card (from 4 px under it). */
export function projectorFiguresPx(el) { return 4 + FIT_LINES * LINE_EM * figurePx(el); }
