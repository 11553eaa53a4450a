/**
 * An Auto Scaling group's instances, drawn in the AZ columns they run in: the group's card sits in
 * its Region's band, and each frame's `zones` ({az: {in_service, pending, unhealthy, draining}},
 * simengine/components/instance_health.py) says how many of its instances are in each state in
 * each AZ. Each AZ the group spans gets a strip at the foot of its column: one chip per instance
 * (colour AND shape per state, so it reads without colour vision), a count badge past MAX_CHIPS,
 * and a line naming the group and its counts by state ("web: 2 healthy · 1 unhealthy", healthy as
 * the ALB's line means it).
 * Several groups in one AZ stack their strips upwards. Painted in the overlay's layer (never
 * through the JointJS model); a strip is rewritten only when its counts change.
 *
 * The pure part (`azStrips`, `chipRow`, `stateLine`) has no DOM: node --test covers it.
 */
const SVG = 'http://www.w3.org/2000/svg';
export const MAX_CHIPS = 8;
export const CHIP = 14; // a chip's side (diagram units)
export const CHIP_GAP = 4;
export const STRIP_H = 38; // a chip row and a text line
const STRIP_PAD = 10;

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
 * Where each group's strips go: for every node with `zones` in the frame, one strip per AZ it
 * spans (its placement's `azs`, else every AZ of its Region), at the foot of that AZ's column in
 * `layout` (model/layout.js computeLayout). Returns [{key, node, az, x, y, w, counts, label}].
 */
export function azStrips(design, nodes, layout) {
  const out = [];
  const stacked = new Map(); // az -> strips already placed in it
  for (const n of design.nodes) {
    const fig = nodes?.[n.id];
    if (!fig || !fig.zones || typeof fig.zones !== 'object') continue;
    const region = layout.regions.find((r) => r.id === n.placement?.region);
    if (!region) continue;
    const spans = Array.isArray(n.placement?.azs) && n.placement.azs.length ? n.placement.azs : region.azs.map((a) => a.id);
    for (const azId of spans) {
      const az = region.azs.find((a) => a.id === azId);
      if (!az) continue;
      const k = stacked.get(azId) || 0;
      stacked.set(azId, k + 1);
      out.push({
        key: `${n.id}@${azId}`,
        node: n.id,
        az: azId,
        x: az.x + STRIP_PAD,
        y: az.y + az.h - STRIP_PAD - STRIP_H * (k + 1),
        w: az.w - 2 * STRIP_PAD,
        counts: fig.zones[azId] || {},
        label: n.label || n.id,
      });
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
  }

  paint(design, nodes, layout) {
    const seen = new Set();
    for (const s of azStrips(design, nodes, layout)) {
      seen.add(s.key);
      let els = this.strips.get(s.key);
      if (!els) { els = this.make(s); this.strips.set(s.key, els); }
      const pos = `${s.x},${s.y}`;
      if (els.pos !== pos) { els.el.setAttribute('transform', `translate(${s.x}, ${s.y})`); els.pos = pos; }
      const line = stateLine(s.label, s.counts);
      const row = chipRow(s.counts);
      const key = `${row.chips.join(',')}|${row.more}|${line}`;
      if (els.last === key) continue;
      els.last = key;
      this.drawChips(els, row);
      els.text.textContent = line;
      els.el.dataset.counts = CHIP_STATES.map((st) => `${st.key}=${s.counts[st.key] || 0}`).join(' ');
    }
    for (const [key, els] of this.strips) if (!seen.has(key)) { els.el.remove(); this.strips.delete(key); }
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
