/** The events timeline along the bottom: a progress track with a tick per event, and the events
 * as readable chips, newest on the right: two lines of each, and a click or Enter opens one in full. */
import { h } from '../panels/dom.js';
import { fmtTime } from './figures.js';

const KEEP = 250;
const TONE = (kind) => (/outage|crash|fail|unhealthy|down|throttl|dlq|dead|lost|timeout|error/.test(kind) ? 'bad'
  : /scale_out|launch|pending|retry|degrad|lag|warn/.test(kind) ? 'warn'
    : /recover|in_service|healthy|restored|up|scale_in|end/.test(kind) ? 'good' : 'info');

export class Timeline {
  constructor(host) {
    this.host = host;
    this.reset(0);
  }

  reset(duration) {
    this.duration = duration || 0;
    this.count = 0;
    this.progress = h('div', { class: 'tl-progress' });
    this.ticks = h('div', { class: 'tl-ticks' });
    this.clock = h('span', { class: 'tl-clock', 'data-testid': 'clock', text: '0:00' });
    this.rate = h('span', { class: 'tl-rate', title: 'Simulated seconds per real second, as achieved' });
    this.list = h('ol', { class: 'tl-list', 'data-testid': 'events', onclick: (e) => openEvent(e), onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') openEvent(e); } });
    this.empty = h('li', { class: 'tl-empty', text: 'Events appear here during a run: scaling, health checks, failures and recoveries.' });
    this.list.append(this.empty);
    this.host.replaceChildren(
      h('div', { class: 'tl-head' }, h('span', { class: 'tl-title', text: 'Events' }), this.clock, this.rate,
        h('div', { class: 'tl-track' }, this.progress, this.ticks), h('span', { class: 'tl-end', text: duration ? fmtTime(duration) : '' })),
      this.list);
  }

  /** Failures scheduled in the design, drawn on the track before they happen. */
  plan(faults) {
    if (!this.duration) return;
    for (const f of faults || []) {
      const left = Math.min(100, (f.at / this.duration) * 100);
      const end = f.duration ? Math.min(this.duration, f.at + f.duration) : this.duration;
      this.ticks.append(h('i', { class: 'tl-plan', title: `${f.kind} on ${f.target} at ${f.at} s`, style: `left:${left}%;width:${Math.max(0.5, ((end - f.at) / this.duration) * 100)}%` }));
    }
  }

  /** The clock, and the speed achieved: "Paused" while the run is (not "0.0×"). */
  setTime(t, achieved, paused = false) {
    this.clock.textContent = fmtTime(t);
    if (paused) this.rate.textContent = 'Paused';
    else if (typeof achieved === 'number') this.rate.textContent = `${achieved >= 10 ? achieved.toFixed(0) : achieved.toFixed(1)}×`;
    this.rate.classList.toggle('is-paused', !!paused);
    if (this.duration) this.progress.style.width = `${Math.min(100, (t / this.duration) * 100)}%`;
  }

  add(events) {
    if (!events || !events.length) return;
    if (this.empty) { this.empty.remove(); this.empty = null; }
    // Kept at the newest end if it was there: the right of the strip, or the bottom of the
    // column it is in projector mode (projector.css).
    const l = this.list;
    const stickX = l.scrollLeft + l.clientWidth >= l.scrollWidth - 40;
    const stickY = l.scrollTop + l.clientHeight >= l.scrollHeight - 40;
    const frag = document.createDocumentFragment();
    for (const ev of events) {
      const tone = TONE(String(ev.kind || ''));
      frag.append(h('li', { class: `tl-event tone-${tone}`, title: ev.message || ev.kind, tabindex: '0', 'aria-expanded': 'false' },
        h('span', { class: 'tl-t', text: fmtTime(ev.t) }), h('span', { class: 'tl-msg', text: ev.message || `${ev.kind} ${ev.node || ''}` })));
      if (this.duration && this.count < 400) {
        this.ticks.append(h('i', { class: `tl-tick tone-${tone}`, style: `left:${Math.min(100, (ev.t / this.duration) * 100)}%` }));
      }
      this.count += 1;
    }
    this.list.append(frag);
    while (this.list.children.length > KEEP) this.list.firstChild.remove();
    if (stickX) l.scrollLeft = l.scrollWidth;
    if (stickY) l.scrollTop = l.scrollHeight;
  }
}

/** A click or Enter on an event opens it at full length (the strip shows two lines of each), or
 * closes it again. */
function openEvent(e) {
  const li = e.target.closest?.('.tl-event');
  if (!li) return;
  if (e.type === 'keydown') e.preventDefault();
  const open = li.classList.toggle('is-open');
  li.setAttribute('aria-expanded', String(open));
}
