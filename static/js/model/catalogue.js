/**
 * The component catalogue as the API serves it (/api/components/), indexed for the editor.
 * Nothing here repeats the catalogue: defaults, units, ranges and allowed connections are read
 * from it, never written down again.
 */

export class Catalogue {
  constructor(data) {
    this.data = data || { kinds: [] };
    this.kinds = new Map((this.data.kinds || []).map((k) => [k.kind, k]));
    this.edgeProps = this.data.edge_props || [];
    this.faultKinds = this.data.fault_kinds || [];
    this.goalMetrics = this.data.goal_metrics || [];
    this.limits = this.data.limits || {};
    this.regions = this.data.regions || [];
  }

  regionName(id) { return this.regions.find((r) => r.id === id)?.name || ''; }

  /** Whether a prop applies given the node's other props (`when`: {prop, in}), e.g. the spike
   * settings only when pattern is spike. */
  applies(kind, prop, props) {
    if (!prop.when) return true;
    const other = this.prop(kind, prop.when.prop);
    const value = props?.[prop.when.prop] ?? other?.default;
    return (prop.when.in || []).includes(value);
  }

  kind(kind) { return this.kinds.get(kind) || null; }

  scope(kind) { return this.kind(kind)?.scope || 'global'; }

  label(kind) { return this.kind(kind)?.label || kind; }

  /** Categories in catalogue order, each with its kinds. */
  categories() {
    const out = new Map();
    for (const k of this.kinds.values()) {
      const cat = k.category || 'Other';
      if (!out.has(cat)) out.set(cat, []);
      out.get(cat).push(k);
    }
    return [...out.entries()].map(([name, kinds]) => ({ name, kinds }));
  }

  /** Kinds whose kind, label, category or description matches every word of `query`. */
  search(query) {
    const words = String(query || '').toLowerCase().split(/\s+/).filter(Boolean);
    return [...this.kinds.values()].filter((k) => {
      const hay = `${k.kind} ${k.label} ${k.category} ${k.description || ''}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }

  props(kind) { return this.kind(kind)?.props || []; }

  prop(kind, name) { return this.props(kind).find((p) => p.name === name) || null; }

  edgeProp(name) { return this.edgeProps.find((p) => p.name === name) || null; }

  /** Each prop's default, for display. A freshly dropped node stores no props (the engine fills
   * defaults), so the document stays small and the inspector shows defaults as placeholders. */
  defaults(kind) {
    const out = {};
    for (const p of this.props(kind)) if (p.default !== undefined && p.default !== null) out[p.name] = p.default;
    return out;
  }

  /** Whether an edge from a `fromKind` node to a `toKind` node is allowed, and why not. */
  canConnect(fromKind, toKind) {
    const from = this.kind(fromKind);
    const to = this.kind(toKind);
    if (!from || !to) return { ok: false, reason: `Unknown component kind "${from ? toKind : fromKind}".` };
    const outs = allowList(from.outputs);
    const ins = allowList(to.inputs);
    if (outs === NONE) return { ok: false, reason: `${from.label} cannot call anything: it has no outgoing connections.` };
    if (ins === NONE) return { ok: false, reason: `${to.label} cannot be a target: nothing calls it.` };
    if (outs !== ANY && !matches(outs, to)) {
      return { ok: false, reason: `${from.label} cannot call ${to.label}. It can call: ${names(this, outs)}.` };
    }
    if (ins !== ANY && !matches(ins, from)) {
      return { ok: false, reason: `${to.label} cannot be called by ${from.label}. It accepts: ${names(this, ins)}.` };
    }
    return { ok: true, reason: '' };
  }
}

const ANY = Symbol('any');
const NONE = Symbol('none');

/** inputs/outputs may be a list of kinds or categories (or objects with a `kind`), "*", true, false or []. */
function allowList(v) {
  if (v === undefined || v === null || v === true || v === '*') return ANY;
  if (v === false) return NONE;
  if (Array.isArray(v)) {
    const list = v.map((x) => (typeof x === 'string' ? x : x?.kind)).filter(Boolean);
    if (list.includes('*') || list.includes('any')) return ANY;
    return list.length ? list : NONE;
  }
  if (typeof v === 'number') return v > 0 ? ANY : NONE;
  return ANY;
}

function matches(list, kind) { return list.includes(kind.kind) || (kind.category && list.includes(kind.category)); }

function names(cat, list) { return list.map((k) => cat.kind(k)?.label || k).join(', '); }

// Words a prop name holds that read as initials: "TTL (s)", not "Ttl (s)".
const INITIALS = new Set(['ttl', 'rcu', 'wcu', 'cpu', 'gpu', 'az', 'azs', 'dlq', 'id', 'ip', 'ml']);

/** A prop's name as the inspector shows it: "Service (ms)", "Instance type", "TTL (s)". */
export function propTitle(prop) {
  const unit = prop.unit ? ` (${prop.unit})` : '';
  const raw = prop.label || (prop.unit ? prop.name.replace(/_(ms|s|pct|per_hour)$/, '') : prop.name).replace(/_/g, ' ');
  const words = raw.split(' ').map((w) => (INITIALS.has(w.toLowerCase()) ? w.toUpperCase() : w)).join(' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}${unit}`;
}

/**
 * Check a value typed into the inspector against the prop's declared type and range.
 * Returns {ok, value, message}: `value` is coerced to the declared type.
 */
export function checkValue(prop, raw) {
  const type = prop.type || 'string';
  if (raw === '' || raw === undefined || raw === null) {
    return { ok: true, value: undefined, message: '' };
  }
  if (type === 'int' || type === 'integer' || type === 'float' || type === 'number') {
    const s = String(raw).trim();
    if (!/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(s)) return { ok: false, value: raw, message: 'must be a number' };
    const n = Number(s);
    if ((type === 'int' || type === 'integer') && !Number.isInteger(n)) return { ok: false, value: raw, message: 'must be a whole number' };
    if (prop.min !== undefined && prop.min !== null && n < prop.min) return { ok: false, value: n, message: `must be at least ${prop.min}${unit(prop)}` };
    if (prop.max !== undefined && prop.max !== null && n > prop.max) return { ok: false, value: n, message: `must be at most ${prop.max}${unit(prop)}` };
    return { ok: true, value: n, message: '' };
  }
  if (type === 'bool' || type === 'boolean') {
    return { ok: true, value: raw === true || raw === 'true' || raw === 'on', message: '' };
  }
  if (Array.isArray(prop.choices) && prop.choices.length) {
    const choices = prop.choices.map((c) => (typeof c === 'object' ? c.value : c));
    if (!choices.map(String).includes(String(raw))) return { ok: false, value: raw, message: `must be one of ${choices.join(', ')}` };
    const match = choices.find((c) => String(c) === String(raw));
    return { ok: true, value: match, message: '' };
  }
  return { ok: true, value: String(raw), message: '' };
}

function unit(prop) { return prop.unit ? ` ${prop.unit}` : ''; }
