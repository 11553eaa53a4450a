/**
 * The design document (format 1, DESIGN.md) as the editor holds it: a plain JSON object.
 * `restore` is the one door every document comes in through (API, draft, import, scenario):
 * it fills what is missing and drops what is not ours, like Excalidraw's restore step.
 * Never HTML: labels are plain strings and are always written with textContent.
 */

export const FORMAT = 1;

/** The local draft envelope: versioned so a later editor can read an older draft. */
export const DRAFT_TYPE = 'architecture-playground/draft';
export const DRAFT_VERSION = 1;

export function emptyDesign(name = 'Untitled design') {
  return {
    format: FORMAT,
    name,
    regions: [{ id: 'us-east-1', azs: ['us-east-1a', 'us-east-1b'] }],
    nodes: [],
    edges: [],
    faults: [],
    goals: [],
    run: { duration: 300, seed: 1, warmup: 30 },
  };
}

const plainObject = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const list = (v) => (Array.isArray(v) ? v : []);
const str = (v, fallback = '') => (typeof v === 'string' ? v : v === undefined || v === null ? fallback : String(v));

/** Turn anything that claims to be a design into a well-formed one (a deep copy). */
export function restore(doc) {
  const d = plainObject(typeof doc === 'string' ? JSON.parse(doc) : doc);
  if (d.format !== undefined && d.format !== FORMAT) {
    throw new Error(`This file is design format ${d.format}; this editor reads format ${FORMAT}.`);
  }
  const out = {
    format: FORMAT,
    name: str(d.name, 'Untitled design'),
    regions: list(d.regions).map((r) => ({ id: str(r?.id), azs: list(r?.azs).map((a) => str(a)) })).filter((r) => r.id),
    nodes: list(d.nodes).filter((n) => n && n.id && n.kind).map((n) => {
      const node = {
        id: str(n.id), kind: str(n.kind),
        placement: clone(plainObject(n.placement)),
        props: clone(plainObject(n.props)),
      };
      if (typeof n.label === 'string' && n.label) node.label = n.label;
      const ui = plainObject(n.ui);
      if (Number.isFinite(ui.x) && Number.isFinite(ui.y)) node.ui = { x: ui.x, y: ui.y };
      return node;
    }),
    edges: list(d.edges).filter((e) => e && e.from && e.to).map((e, i) => ({
      id: str(e.id, `e${i + 1}`), from: str(e.from), to: str(e.to), props: clone(plainObject(e.props)),
    })),
    faults: clone(list(d.faults)),
    goals: clone(list(d.goals)),
    run: { duration: 300, seed: 1, warmup: 30, ...clone(plainObject(d.run)) },
  };
  return out;
}

export function clone(v) { return v === undefined ? undefined : JSON.parse(JSON.stringify(v)); }

/** The document to save or export: a deep copy, keys in a stable order. */
export function serialize(design) { return restore(design); }

/** An id not yet used by a node or edge: `web`, `web-2`, ... (ids are short and readable). */
export function freshId(design, base) {
  const taken = new Set([...design.nodes.map((n) => n.id), ...design.edges.map((e) => e.id),
    ...design.regions.map((r) => r.id), ...design.regions.flatMap((r) => r.azs)]);
  const stem = String(base || 'node').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'node';
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i += 1) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

export function freshEdgeId(design) {
  const taken = new Set(design.edges.map((e) => e.id));
  for (let i = design.edges.length + 1; ; i += 1) if (!taken.has(`e${i}`)) return `e${i}`;
}

export const nodeById = (design, id) => design.nodes.find((n) => n.id === id) || null;
export const edgeById = (design, id) => design.edges.find((e) => e.id === id) || null;

/** Where an AZ lives: its Region id, or null. */
export function regionOfAz(design, az) {
  const r = design.regions.find((reg) => reg.azs.includes(az));
  return r ? r.id : null;
}

/** AWS-like Region ids offered when the learner adds a Region. */
export const REGION_CHOICES = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1',
  'ap-northeast-1', 'sa-east-1', 'ca-central-1', 'ap-south-1', 'eu-north-1'];

export function nextRegionId(design) {
  const used = new Set(design.regions.map((r) => r.id));
  return REGION_CHOICES.find((r) => !used.has(r)) || freshId(design, 'region');
}

export function nextAzId(design, regionId) {
  const region = design.regions.find((r) => r.id === regionId);
  const used = new Set(design.regions.flatMap((r) => r.azs));
  for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
    const id = `${regionId}${letter}`;
    if (!used.has(id)) return id;
  }
  return freshId(design, `${regionId}-az${region ? region.azs.length + 1 : 1}`);
}

/** The draft envelope written to localStorage (Excalidraw-style: a type, a version, the data). */
export function draftEnvelope({ designId, baseVersion, document }) {
  return { type: DRAFT_TYPE, version: DRAFT_VERSION, designId, baseVersion, savedAt: Date.now(), document: serialize(document) };
}

/** Read a draft envelope back; null when it is not one of ours or is unreadable. */
export function readDraft(raw) {
  try {
    const env = typeof raw === 'string' ? JSON.parse(raw) : raw;
    if (!env || env.type !== DRAFT_TYPE || env.version > DRAFT_VERSION) return null;
    return { ...env, document: restore(env.document) };
  } catch { return null; }
}

export function sameDocument(a, b) { return JSON.stringify(serialize(a)) === JSON.stringify(serialize(b)); }
