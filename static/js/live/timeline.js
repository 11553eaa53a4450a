/** The events timeline along the bottom: a progress track with a tick per event, and the events
 * as chips in the learner's words (event-words.js), newest on the right (at the bottom of the
 * column in projector mode). Each chip is a button: a click or Enter opens it in full (a folded
 * chip, "Web tier: 6 instances finished launching", lists its events beside it) and picks its
 * moment: `onPick({t, node})` selects the component and marks the time on the charts (run.js). */
import { h } from '../panels/dom.js';
import { fmtTime } from './figures.js';
import { EventFolder, faultText, groupText, namesOf, phrase } from './event-words.js';

const KEEP = 250;

export class Timeline {
  /** `names()`: the design's names as event-words wants them; `onPick(moment)`: a chip chosen. */
  constructor(host, { names = () => namesOf(null), onPick = null } = {}) {
    this.host = host;
    this.names = names;
    this.onPick = onPick;
    this.reset(0);
  }

  reset(duration) {
    this.duration = duration || 0;
    this.count = 0;
    this.folder = new EventFolder();
    this.chips = new WeakMap(); // li -> its group
    this.progress = h('div', { class: 'tl-progress' });
    this.ticks = h('div', { class: 'tl-ticks' });
    this.clock = h('span', { class: 'tl-clock', 'data-testid': 'clock', text: '0:00' });
    this.rate = h('span', { class: 'tl-rate', title: 'Simulated seconds per real second, as achieved' });
    this.list = h('ol', { class: 'tl-list', 'data-testid': 'events', onclick: (e) => this.choose(e) });
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
    const names = this.names();
    for (const f of faults || []) {
      const left = Math.min(100, (f.at / this.duration) * 100);
      const end = f.duration ? Math.min(this.duration, f.at + f.duration) : this.duration;
      this.ticks.append(h('i', { class: 'tl-plan', title: `${faultText(f.kind, f.target, '', names)} at ${fmtTime(f.at)}`, style: `left:${left}%;width:${Math.max(0.5, ((end - f.at) / this.duration) * 100)}%` }));
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
    const names = this.names();
    const frag = document.createDocumentFragment();
    for (const ev of events) {
      const item = phrase(ev, names);
      const { action, group } = this.folder.take(item);
      if (action === 'drop') continue;
      if (action === 'new') { group.li = this.chip(group); this.chips.set(group.li, group); frag.append(group.li); }
      this.fill(group, names);
      if (this.duration && this.count < 400) {
        this.ticks.append(h('i', { class: `tl-tick tone-${item.tone}`, style: `left:${Math.min(100, (item.t / this.duration) * 100)}%` }));
      }
      this.count += 1;
    }
    this.list.append(frag);
    while (this.list.children.length > KEEP) {
      const gone = this.chips.get(this.list.firstChild);
      if (gone) this.folder.forget(gone);
      this.list.firstChild.remove();
    }
    if (stickX) l.scrollLeft = l.scrollWidth;
    if (stickY) l.scrollTop = l.scrollHeight;
  }

  chip(group) {
    const btn = h('button', { type: 'button', class: `tl-event tone-${group.tone}`, 'aria-expanded': 'false' },
      h('span', { class: 'tl-t', text: fmtTime(group.t) }), h('span', { class: 'tl-msg' }));
    return h('li', { class: 'tl-item', dataset: { kind: group.kind } }, btn);
  }

  /** A chip's words for its group as it stands: the text (and title: the whole of it), the count
   * and, for a folded chip, the list of its events (shown when the chip is open). */
  fill(group, names) {
    const li = group.li;
    const btn = li.firstChild;
    const text = groupText(group, names);
    btn.title = text;
    btn.querySelector('.tl-msg').textContent = text;
    const n = group.items.length;
    li.dataset.count = String(n);
    if (n < 2) return;
    let sub = li.querySelector('.tl-sub');
    if (!sub) {
      sub = h('ol', { class: 'tl-sub', hidden: btn.getAttribute('aria-expanded') !== 'true' });
      li.append(sub);
    }
    for (let i = sub.children.length; i < n; i++) {
      const it = group.items[i];
      sub.append(h('li', {}, h('button', { type: 'button', class: 'tl-subevent', dataset: { index: String(i) }, title: it.text },
        h('span', { class: 'tl-t', text: fmtTime(it.t) }), h('span', { class: 'tl-msg', text: it.text }))));
    }
  }

  /** A chip or one event of a folded chip chosen (a click, or Enter/Space on the button). */
  choose(e) {
    const sub = e.target.closest?.('.tl-subevent');
    const btn = sub || e.target.closest?.('.tl-event');
    if (!btn) return;
    const li = btn.closest('.tl-item');
    const group = this.chips.get(li);
    if (!group) return;
    if (!sub) {
      const open = btn.getAttribute('aria-expanded') !== 'true';
      btn.setAttribute('aria-expanded', String(open));
      li.classList.toggle('is-open', open);
      btn.classList.toggle('is-open', open);
      const list = li.querySelector('.tl-sub');
      if (list) list.hidden = !open;
    }
    const item = sub ? group.items[Number(sub.dataset.index)] : group.items[0];
    if (this.onPick && item) this.onPick({ t: item.t, node: item.node ?? group.node });
  }
}
