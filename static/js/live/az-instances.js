/**
 * An Auto Scaling group's instances, drawn in the AZ columns they run in: the group's card sits in
 * its Region's band, and each frame's `zones` ({az: {in_service, pending, unhealthy, draining}},
 * simengine/components/instance_health.py) says how many of its instances are in each state in
 * each AZ. Each AZ the group spans gets a strip at the foot of its column: one chip per instance
 * (colour AND shape per state, so it reads without colour vision), a count badge past MAX_CHIPS,
 * and words naming the group and its counts by state ("web: 2 healthy · 1 unhealthy", healthy as
 * the ALB's line means it), wrapped at the separators into as many lines as the column's width
 * needs (`fitLines`; a name too long for a line is cut with an ellipsis), so they never spill out
 * of the column at 1280x720 or zoomed to fit, nor in projector mode's larger type.
 * Several groups in one AZ stack their strips upwards, each as tall as its lines. Painted in the overlay's layer (never
 * through the JointJS model); a strip is rewritten only when its counts change.
 *
 * The pure part (`azStrips`, `chipRow`, `stateLine`) has no DOM: node --test covers it.
 */
import { STRIP_LINE, STRIP_SPACE, STRIP_PAD } from '../model/layout.js';

const SVG = 'http://www.w3.org/2000/svg';
export const MAX_CHIPS = 8;
export const CHIP = 14; // a chip's side (diagram units)
export const CHIP_GAP = 4;
export const STRIP_H = STRIP_SPACE; // a chip row and a text line
const LINE_EM = 1.25;
const SEP = ' · ';

/** The states in the order chips are drawn, with their words and their look. */
export const CHIP_STATES = [
  { key: 'in_service', word: 'healthy', cls: 'is-in' },
  { key: 'pending', word: 'pending', cls: 'is-pending' },
  { key: 'unhealthy', word: 'unhealthy', cls: 'is-bad' },
  { key: 'draining', word: 'draining', cls: 'is-draining' },
];

/** The chips of one AZ's counts: the first MAX_CHIPS instances (in service first) and how many more. */
export function chipRow(counts, max = MAX_CHIPS) {
  const chips = [];
  let total = 0;
  for (const st of CHIP_STATES) {
    const n = Math.max(0, Math.floor(counts?.[st.key] || 0));
    total += n;
    for (let i = 0; i < n && chips.length < max; i += 1) chips.push(st.key);
  }
  return { chips, more: total - chips.length, total };
}

/** The words under the chips: the group's label and its non-zero counts, or that none run there. */
export function stateLine(label, counts) {
  const parts = CHIP_STATES.filter((st) => counts?.[st.key] > 0).map((st) => `${counts[st.key]} ${st.word}`);
  return `${label}: ${parts.length ? parts.join(' · ') : 'no instances'}`;
}

/**
 * The words of stateLine(label, counts) in lines that each `fits` (text => boolean: it is no
 * wider than the strip), broken only between the name and the counts or between two counts.
 * Returns [{text, sep}]: `sep` is the separator the line ends at (' ' or ' · '), written hidden
 * so the strip's textContent stays the one line. A name alone too wide is cut with '…'.
 */
export function fitLines(label, counts, fits) {
  const words = stateLine(label, counts);
  const head = `${label}:`;
  const parts = [head, ...words.slice(head.length + 1).split(SEP)];
  const lines = [];
  let text = parts[0];
  if (!fits(text)) {
    let cut = label;
    while (cut.length > 1 && !fits(`${cut}…:`)) cut = cut.slice(0, -1);
    text = `${cut}…:`;
  }
  for (let i = 1; i < parts.length; i += 1) {
    const sep = i === 1 ? ' ' : SEP;
    if (fits(text + sep + parts[i])) text += sep + parts[i];
    else { lines.push({ text, sep }); text = parts[i]; }
  }
  lines.push({ text, sep: '' });
  return lines;
}

/** A strip's height for `lines` lines of type `fontPx` (diagram units) under its chip row. */
export function stripHeight(lines, fontPx = 13) {
  return CHIP + 8 + Math.max(STRIP_LINE, Math.round(fontPx * LINE_EM)) * lines;
}

/**
 * Where each group's strips go: for every node with `zones` in the frame, one strip per AZ it
 * spans (its placement's `azs`, else every AZ of its Region), at the foot of that AZ's column in
 * `layout` (model/layout.js computeLayout), stacked upwards by `heightOf(strip)` (STRIP_H
 * unless told). Returns [{key, node, az, x, y, w, h, counts, label}].
 */
export function azStrips(design, nodes, layout, heightOf = () => STRIP_H) {
  const out = [];
  const stacked = new Map(); // az -> the height of the strips already placed in it
  for (const n of design.nodes) {
    const fig = nodes?.[n.id];
    if (!fig || !fig.zones || typeof fig.zones !== 'object') continue;
    const region = layout.regions.find((r) => r.id === n.placement?.region);
    if (!region) continue;
    const spans = Array.isArray(n.placement?.azs) && n.placement.azs.length ? n.placement.azs : region.azs.map((a) => a.id);
    for (const azId of spans) {
      const az = region.azs.find((a) => a.id === azId);
      if (!az) continue;
      const strip = {
        key: `${n.id}@${azId}`,
        node: n.id,
        az: azId,
        x: az.x + STRIP_PAD,
        w: az.w - 2 * STRIP_PAD,
        counts: fig.zones[azId] || {},
        label: n.label || n.id,
      };
      strip.h = heightOf(strip);
      const below = (stacked.get(azId) || 0) + strip.h;
      stacked.set(azId, below);
      out.push({ ...strip, y: az.y + az.h - STRIP_PAD - below });
    }
  }
  return out;
}

function make(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** Chip paths by state: filled square in service, hollow square pending, cross unhealthy, hollow
 * circle draining. */
const CHIP_PATH = {
  in_service: (x) => `M ${x} 0 h ${CHIP} v ${CHIP} h ${-CHIP} Z`,
  pending: (x) => `M ${x + 1.5} 1.5 h ${CHIP - 3} v ${CHIP - 3} h ${-(CHIP - 3)} Z`,
  unhealthy: (x) => `M ${x + 1} 1 l ${CHIP - 2} ${CHIP - 2} M ${x + CHIP - 1} 1 l ${-(CHIP - 2)} ${CHIP - 2}`,
  draining: (x) => `M ${x + 1.5} ${CHIP / 2} a ${CHIP / 2 - 1.5} ${CHIP / 2 - 1.5} 0 1 0 ${CHIP - 3} 0 a ${CHIP / 2 - 1.5} ${CHIP / 2 - 1.5} 0 1 0 ${-(CHIP - 3)} 0 Z`,
};
const CLS = Object.fromEntries(CHIP_STATES.map((s) => [s.key, s.cls]));

/** The strips of every group, in the overlay's layer `root`. */
export class AzInstances {
  constructor(root) {
    this.g = make('g', { class: 'pg-az-instances' });
    root.append(this.g);
    this.strips = new Map(); // key -> {el, chips, more, text, last}
    this.fits = new Map(); // width|type|words -> their lines (fitLines), measured once
    this.probe = make('text', { class: 'pg-az-text', visibility: 'hidden', 'aria-hidden': 'true' });
  }

  paint(design, nodes, layout) {
    const seen = new Set();
    let fontPx = null; // the words' size in diagram units (projector mode: it follows the zoom), read once
    const heightOf = (s) => {
      fontPx ??= this.fontPx();
      const key = `${s.w}|${fontPx}|${stateLine(s.label, s.counts)}`;
      let fit = this.fits.get(key);
      if (!fit) {
        fit = fitLines(s.label, s.counts, (t) => this.measure(t) <= s.w);
        if (this.fits.size > 200) this.fits.clear();
        this.fits.set(key, fit);
      }
      s.lines = fit;
      s.fontPx = fontPx;
      return stripHeight(fit.length, fontPx);
    };
    for (const s of azStrips(design, nodes, layout, heightOf)) {
      seen.add(s.key);
      let els = this.strips.get(s.key);
      if (!els) { els = this.make(s); this.strips.set(s.key, els); }
      const pos = `${s.x},${s.y}`;
      if (els.pos !== pos) { els.el.setAttribute('transform', `translate(${s.x}, ${s.y})`); els.pos = pos; }
      const row = chipRow(s.counts);
      const key = `${row.chips.join(',')}|${row.more}|${s.fontPx}|${s.lines.map((l) => l.text + l.sep).join('\n')}`;
      if (els.last === key) continue;
      els.last = key;
      this.drawChips(els, row);
      this.writeLines(els, s);
      els.el.dataset.counts = CHIP_STATES.map((st) => `${st.key}=${s.counts[st.key] || 0}`).join(' ');
    }
    for (const [key, els] of this.strips) if (!seen.has(key)) { els.el.remove(); this.strips.delete(key); }
  }

  /** The computed size of the strips' words, in diagram units (the layer's own). */
  fontPx() {
    if (!this.probe.isConnected) this.g.append(this.probe);
    return parseFloat(getComputedStyle(this.probe).fontSize) || 13;
  }

  /** How wide `text` is in the strips' type, in diagram units. */
  measure(text) {
    this.probe.textContent = text;
    return this.probe.getComputedTextLength();
  }

  /** A tspan a line, LINE_EM apart; the separator a line ends at is kept, not drawn. */
  writeLines(els, s) {
    els.text.setAttribute('y', String(CHIP + 4 + s.fontPx));
    els.text.replaceChildren(...s.lines.flatMap((line, i) => {
      const span = make('tspan', i ? { x: 0, dy: `${LINE_EM}em` } : { x: 0 });
      span.textContent = line.text;
      if (!line.sep) return [span];
      const sep = make('tspan', { display: 'none' });
      sep.textContent = line.sep;
      return [span, sep];
    }));
  }

  make(s) {
    const el = make('g', { class: 'pg-az-strip', 'data-node': s.node, 'data-az': s.az });
    const chips = make('g', { class: 'pg-az-chips' });
    const text = make('text', { class: 'pg-az-text', x: 0, y: CHIP + 17 });
    el.append(chips, text);
    this.g.append(el);
    return { el, chips, text, chipEls: [], more: null, last: null, pos: null };
  }

  drawChips(els, row) {
    const list = els.chipEls;
    row.chips.forEach((state, i) => {
      let c = list[i];
      if (!c) { c = { el: make('path', {}), state: null }; els.chips.append(c.el); list.push(c); }
      if (c.state === state) return;
      c.state = state;
      c.el.setAttribute('d', CHIP_PATH[state](i * (CHIP + CHIP_GAP)));
      c.el.setAttribute('class', `pg-az-chip ${CLS[state]}`);
      c.el.dataset.state = state;
    });
    while (list.length > row.chips.length) list.pop().el.remove();
    if (row.more > 0) {
      if (!els.more) { els.more = make('text', { class: 'pg-az-more', y: CHIP - 2 }); els.chips.append(els.more); }
      els.more.setAttribute('x', String(row.chips.length * (CHIP + CHIP_GAP) + 2));
      els.more.textContent = `+${row.more}`;
    } else if (els.more) { els.more.remove(); els.more = null; }
  }

  clear() {
    for (const els of this.strips.values()) els.el.remove();
    this.strips.clear();
  }
}
