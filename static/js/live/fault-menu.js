/**
 * Fault injection while a run plays: a click on a node offers the faults its kind can suffer, a
 * click on an AZ or a Region its outage (the catalogue's fault kinds). The menu asks for how long
 * (1, 2 or 5 minutes, or until the end) and hands the chosen fault to `pick`. A click outside it,
 * Escape or Cancel closes it; it takes the focus when it opens (its first fault) and gives it back.
 */
import { h } from '../panels/dom.js';

const DURATIONS = [[60, '1 min'], [120, '2 min'], [300, '5 min'], [null, 'until the end']];
const DEFAULT_DURATION = 120;
const LATENCY_MS = 200; // what a fault that adds latency adds

/** The menu's title and options for a node: {title, options: [{label, help, fault}]}. */
export function nodeFaults(catalogue, node) {
  const kinds = (catalogue.faultKinds || []).filter((f) => f.target === 'node' && (f.target_kinds || []).includes(node.kind));
  return {
    title: `${node.label || node.id}`,
    options: kinds.map((f) => ({ label: f.label, help: f.description, fault: { kind: f.kind, target: node.id, ...(f.needs_ms ? { ms: LATENCY_MS } : {}) } })),
  };
}

/** The same for an AZ ('az') or a Region ('region'). */
export function placeFaults(catalogue, type, id) {
  const kind = type === 'az' ? 'az_outage' : 'region_outage';
  const f = (catalogue.faultKinds || []).find((x) => x.kind === kind) || { label: kind, description: '' };
  return {
    title: type === 'az' ? `Availability Zone ${id}` : `Region ${id}`,
    options: [{ label: f.label, help: f.description, fault: { kind, target: id } }],
  };
}

export class FaultMenu {
  constructor() {
    this.el = null;
    this.outside = null;
    this.onKey = null;
    this.returnFocus = null;
  }

  /** Open at the pointer of `evt` (a JointJS event or a DOM one); pick({...fault, duration}). */
  open(evt, { title, options }, pick) {
    this.close();
    if (!options.length) return;
    const e = evt?.originalEvent || evt || {};
    let duration = DEFAULT_DURATION;
    const seg = h('div', { class: 'seg', role: 'radiogroup', 'aria-label': 'How long' }, ...DURATIONS.map(([v, label]) => h('button', {
      class: `seg-btn${v === duration ? ' is-on' : ''}`, type: 'button', text: label,
      onclick: (ev) => { duration = v; for (const b of seg.children) b.classList.remove('is-on'); ev.currentTarget.classList.add('is-on'); },
    })));
    const box = h('div', { class: 'fault-menu', 'data-testid': 'fault-menu', role: 'dialog', 'aria-label': `Make ${title} fail` },
      h('div', { class: 'fault-title' }, h('span', { text: 'Make it fail' }), h('strong', { text: title })),
      h('div', { class: 'fault-label', text: 'For' }), seg,
      ...options.map((o) => h('button', { class: 'btn btn-fault', 'data-testid': `inject-${o.fault.kind}`, title: o.help, onclick: () => { pick({ ...o.fault, duration }); this.close(); } },
        h('span', { class: 'bolt', 'aria-hidden': 'true', text: '⚡' }), h('span', { text: o.label }))),
      h('button', { class: 'btn btn-small fault-cancel', text: 'Cancel', onclick: () => this.close() }));
    document.body.append(box);
    const x = Math.min((e.clientX ?? 400) + 8, window.innerWidth - 300);
    const y = Math.min((e.clientY ?? 300) + 8, window.innerHeight - box.offsetHeight - 12);
    box.style.left = `${x}px`;
    box.style.top = `${y}px`;
    this.el = box;
    this.returnFocus = document.activeElement;
    this.onKey = (ev) => { if (ev.key === 'Escape') { ev.stopPropagation(); this.close(); } };
    document.addEventListener('keydown', this.onKey, true);
    box.querySelector('.btn-fault')?.focus();
    setTimeout(() => { this.outside = (ev) => { if (!box.contains(ev.target)) this.close(); }; document.addEventListener('pointerdown', this.outside); }, 0);
  }

  close() {
    const wasOpen = Boolean(this.el);
    this.el?.remove();
    this.el = null;
    if (this.onKey) document.removeEventListener('keydown', this.onKey, true);
    this.onKey = null;
    if (wasOpen && this.returnFocus?.isConnected) this.returnFocus.focus?.();
    this.returnFocus = null;
    if (this.outside) document.removeEventListener('pointerdown', this.outside);
    this.outside = null;
  }
}
