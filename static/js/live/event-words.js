/**
 * The run's events in the learner's words, DOM-free (tested with node --test). The engine and the
 * live server write their events for the log ("lb: target web-2 failed ...", "Injected az_outage
 * on us-east-1b", "desired 2 -> 8"); here each becomes a sentence with the design's own names (a
 * node's label, an instance as "Web tier #2", a fault kind as the catalogue calls it), no
 * snake_case and an arrow for "->". `EventFolder` then decides where each goes on the strip: the
 * control's echo of an injected fault and the engine's event for it show once, and events of one
 * kind on one component within WINDOW_S simulated seconds fold into one chip with a count.
 */

/** Simulated seconds within which same-kind events on one component fold into one chip. */
export const WINDOW_S = 30;
/** Simulated seconds within which a control's echo and the engine's event count as one. */
const ECHO_S = 5;

const TONE = (kind) => (/outage|crash|fail|unhealthy|down|throttl|dlq|dead|lost|timeout|error|^fault$/.test(kind) ? 'bad'
  : /scale_out|launch|pending|retry|degrad|lag|warn|rebalance|refresh$/.test(kind) ? 'warn'
    : /recover|in_service|healthy|restored|up|scale_in|end|closed|done/.test(kind) ? 'good' : 'info');

/** What a folded chip says, per event kind: `n` events of it on the component named `who`. */
const PLURAL = {
  instance_in_service: (n, who) => `${who}: ${n} instances finished launching`,
  replace_unhealthy: (n, who) => `${who}: ${n} unhealthy instances replaced`,
  instance_crash: (n, who) => `${who}: ${n} instances crashed`,
  target_unhealthy: (n, who) => `${who}: ${n} targets failed health checks and left rotation`,
  target_healthy: (n, who) => `${who}: ${n} targets healthy again, receiving traffic`,
  throttling: (n, who) => `${who}: throttling (${n} times)`,
  dlq: (n, who) => `${who}: ${n} messages moved to the dead-letter queue`,
};
/** Kinds never folded: each is a moment of its own. */
const SINGLE = new Set(['fault', 'fault_end', 'control', 'scale_out', 'scale_in']);

/** The design's names, for `phrase`: node labels and kinds by id, fault kinds' labels. */
export function namesOf(design, catalogue = null) {
  const nodes = new Map();
  for (const n of design?.nodes || []) nodes.set(n.id, { label: (n.label || '').trim() || n.id, kind: n.kind });
  const faults = new Map((catalogue?.faultKinds || []).map((f) => [f.kind, f.label]));
  return { nodes, faults, catalogue };
}

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ID = '[A-Za-z0-9][A-Za-z0-9_.-]*';

/** snake_case words as words ("health_interval_s" -> "health interval s"). */
export function unsnake(text) {
  return String(text).replace(/\b[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b/g, (w) => w.replace(/_/g, ' '));
}

/** A node, an instance of one ("web-2": "Web tier #2", or "#2" inside its own group's event), an
 * AZ or a Region (their ids are AWS's names), by id. */
export function nameOf(id, names, own = null) {
  if (id === null || id === undefined) return '';
  const node = names.nodes.get(id);
  if (node) return node.label;
  const m = /^(.+)-(\d+)$/.exec(id);
  if (m && names.nodes.has(m[1])) return m[1] === own ? `#${m[2]}` : `${names.nodes.get(m[1]).label} #${m[2]}`;
  return id;
}

const faultName = (kind, names) => names.faults.get(kind) || capital(unsnake(kind));
const capital = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);
const num = (v) => String(Number(v));

/** A fault as the strip says it: "AZ outage on us-east-1b", "Added latency on ALB (+200 ms)". */
export function faultText(kind, target, rest, names) {
  return `${faultName(kind, names)} on ${nameOf(target, names)}${rest}`;
}

function propLabel(nodeId, prop, names) {
  const kind = names.nodes.get(nodeId)?.kind;
  const p = kind && names.catalogue?.prop ? names.catalogue.prop(kind, prop) : null;
  return (p?.label || unsnake(prop)).replace(/^./, (c) => c.toLowerCase());
}

/** The ids inside an engine sentence: the "id:" it starts with, the first word after it, and
 * the word after "target", "instance", "to" or "from", when they are ids of the design; and any
 * id-looking word (a hyphen, digit or underscore in it) that is one. Plain words ("users") that
 * happen to be ids elsewhere in a sentence are left alone. */
function renameIds(message, node, names) {
  let text = String(message);
  let own = null;
  if (node && text.startsWith(`${node}: `)) {
    own = node;
    text = `${nameOf(node, names)}: ${text.slice(node.length + 2)}`;
    const first = new RegExp(`^(${esc(nameOf(node, names))}: )(${ID})`).exec(text);
    if (first && isId(first[2], names)) text = first[1] + nameOf(first[2], names, own) + text.slice(first[0].length);
  }
  text = text.replace(new RegExp(`\\b(target|instance|to|from) (${ID}?)(?=[\\s,;:.)]|$)`, 'g'),
    (all, word, id) => (isId(id, names) ? `${word} ${nameOf(id, names, own)}` : all));
  text = text.replace(new RegExp(`(^|[\\s(])(${ID}?)(?=[\\s,;:.)]|$)`, 'g'),
    (all, pre, id) => (/[-_\d]/.test(id) && isId(id, names) && !/^\d+$/.test(id) ? pre + nameOf(id, names, own) : all));
  return text;
}

function isId(word, names) {
  if (names.nodes.has(word)) return true;
  const m = /^(.+)-(\d+)$/.exec(word);
  return !!(m && names.nodes.has(m[1]));
}

/** One event as the strip shows it: {t, kind, node (what a click selects), text, tone, echo (the
 * key an injected fault or a prop change is known by in both its echo and its engine event), from
 * ('control' or 'engine')}. */
export function phrase(ev, names) {
  const t = Number(ev.t) || 0;
  const kind = String(ev.kind || '');
  const base = { t, kind, node: ev.node ?? null, tone: TONE(kind), echo: null, from: kind === 'control' ? 'control' : 'engine' };
  if (kind === 'control') return controlPhrase(ev, base, names);
  const msg = String(ev.message ?? '');
  let m;
  if (kind === 'fault' && (m = /^fault: (.+?) on (\S+?)( \(.*\))?( for [\d.]+ s)?$/.exec(msg))) {
    const fk = m[1].replace(/ /g, '_');
    return { ...base, node: m[2], text: faultText(fk, m[2], `${m[3] || ''}${m[4] || ''}`, names), echo: `fault|${fk}|${m[2]}` };
  }
  if (kind === 'fault_end' && (m = /^fault over: (.+?) on (\S+)$/.exec(msg))) {
    return { ...base, node: m[2], text: `${faultText(m[1].replace(/ /g, '_'), m[2], '', names)} is over` };
  }
  let text = msg ? renameIds(msg, ev.node, names) : `${unsnake(kind)} ${nameOf(ev.node, names)}`.trim();
  if (kind === 'props_changed' && ev.node) {
    text = text.replace(/(^|, |: )([A-Za-z0-9_]+) set to/g, (all, pre, p) => `${pre}${propLabel(ev.node, p, names)} set to`);
    base.echo = `set|${ev.node}`;
  }
  text = unsnake(text).replace(/\s*->\s*/g, ' → ');
  // A group's desired count says what it counts: "desired 2 → 8 instances".
  if (kind === 'scale_out' || kind === 'scale_in') text = text.replace(/(desired \d+ → (\d+))(?! instance)/, (all, d, n) => `${d} ${n === '1' ? 'instance' : 'instances'}`);
  return { ...base, text: capital(text) };
}

function controlPhrase(ev, base, names) {
  const c = ev.control;
  if (c === 'inject' && ev.fault) {
    const f = ev.fault;
    const rest = `${f.ms ? ` (+${num(f.ms)} ms)` : ''}${f.duration ? ` for ${num(f.duration)} s` : ''}`;
    return { ...base, kind: 'fault', tone: 'bad', node: f.target, text: faultText(f.kind, f.target, rest, names), echo: `fault|${f.kind}|${f.target}` };
  }
  if (c === 'set' && ev.node && ev.props) {
    const what = Object.keys(ev.props).sort().map((p) => `${propLabel(ev.node, p, names)} set to ${ev.props[p]}`).join(', ');
    return { ...base, text: `${nameOf(ev.node, names)}: ${what}`, echo: `set|${ev.node}` };
  }
  if (c === 'speed' && ev.value !== undefined) return { ...base, node: null, text: `Speed set to ${ev.value}${/^\d/.test(String(ev.value)) ? '×' : ''}` };
  return { ...base, node: null, text: capital(unsnake(String(ev.message || c || ''))) };
}

/** A folded chip's text: the event's own sentence for one, the count for more. */
export function groupText(group, names) {
  const n = group.items.length;
  if (n === 1) return group.items[0].text;
  const plural = PLURAL[group.kind];
  return plural ? plural(n, nameOf(group.node, names)) : `${group.items[0].text} (${n} times)`;
}

/** Where each phrased event goes: dropped (the second telling of one fault or change), joined to
 * the chip of the same kind on the same component if its last event is within WINDOW_S, or a new
 * chip. Events arrive in time order. */
export class EventFolder {
  constructor({ window = WINDOW_S } = {}) {
    this.window = window;
    this.open = new Map(); // kind|node -> the newest group of it
    this.unmatched = { control: [], engine: [] }; // echo keys told once so far: {key, t}
  }

  /** {action: 'drop' | 'join' | 'new', group}. A group: {kind, node, tone, t, items}. */
  take(item) {
    if (item.echo && this.isEcho(item)) return { action: 'drop', group: null };
    const key = `${item.kind}|${item.node ?? ''}`;
    const last = this.open.get(key);
    if (!SINGLE.has(item.kind) && item.node && last && item.t - last.items[last.items.length - 1].t <= this.window) {
      last.items.push(item);
      return { action: 'join', group: last };
    }
    const group = { kind: item.kind, node: item.node, tone: item.tone, t: item.t, items: [item] };
    if (!SINGLE.has(item.kind)) this.open.set(key, group);
    return { action: 'new', group };
  }

  /** Forget a group (its chip scrolled off the strip): the next of its kind starts a new one. */
  forget(group) {
    const key = `${group.kind}|${group.node ?? ''}`;
    if (this.open.get(key) === group) this.open.delete(key);
  }

  /** Whether the other side already told this one (then it is matched and dropped); else it is
   * remembered for the other side's telling. */
  isEcho(item) {
    const other = this.unmatched[item.from === 'control' ? 'engine' : 'control'];
    const mine = this.unmatched[item.from === 'control' ? 'control' : 'engine'];
    for (const list of [other, mine]) while (list.length && item.t - list[0].t > ECHO_S) list.shift();
    const i = other.findIndex((u) => u.key === item.echo && Math.abs(item.t - u.t) <= ECHO_S);
    if (i >= 0) { other.splice(i, 1); return true; }
    mine.push({ key: item.echo, t: item.t });
    return false;
  }
}
