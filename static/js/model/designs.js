/**
 * My designs on the home page, no DOM: the order they are listed in (last change first), the
 * name a new blank design gets (distinct from the learner's other designs), what a card says
 * under the name, and a rename's checks. node --test covers it.
 */

export const UNTITLED = 'Untitled design';
export const NAME_MAX = 200; // playground.models.NAME_MAX_LENGTH

/** "Untitled design", or the first "Untitled design N" (N from 2) no design of `names` has. */
export function untitledName(names) {
  const taken = new Set((names || []).map((n) => String(n).trim().toLowerCase()));
  if (!taken.has(UNTITLED.toLowerCase())) return UNTITLED;
  for (let i = 2; ; i += 1) if (!taken.has(`${UNTITLED} ${i}`.toLowerCase())) return `${UNTITLED} ${i}`;
}

const time = (iso) => { const t = Date.parse(iso || ''); return Number.isFinite(t) ? t : 0; };

/** The designs, last changed first (then last created); a copy, the input stays. */
export function byLastChange(designs) {
  return [...(designs || [])].sort((a, b) => time(b.updated) - time(a.updated) || time(b.created) - time(a.created));
}

/** A rename's new name: {ok: true, name} (trimmed), or {ok: false, error} saying what to do. */
export function checkedName(text) {
  const name = String(text ?? '').replace(/\s+/g, ' ').trim();
  if (!name) return { ok: false, error: 'A design needs a name: type one, or press Escape to keep the old one.' };
  if (name.length > NAME_MAX) return { ok: false, error: `A name is at most ${NAME_MAX} characters (this one has ${name.length}).` };
  return { ok: true, name };
}

/** How long ago `iso` was, in words, from `now` (ms): "just now", "5 minutes ago", "3 days ago". */
export function ago(iso, now = Date.now()) {
  if (!time(iso)) return '';
  const s = Math.max(0, Math.round((now - time(iso)) / 1000));
  if (s < 60) return 'just now';
  const units = [['minute', 60], ['hour', 3600], ['day', 86400]];
  let [unit, size] = units[0];
  for (const u of units) if (s >= u[1]) [unit, size] = u;
  if (s >= 30 * 86400) return `on ${new Date(time(iso)).toLocaleDateString()}`;
  const n = Math.floor(s / size);
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/** What a design's card says under its name: which scenario it attempts, and when it changed. */
export function designLines(d, now = Date.now()) {
  return {
    scenario: d?.scenario ? `Scenario: ${d.scenario_title || d.scenario}` : '',
    changed: `Changed ${ago(d?.updated, now)}`.trim(),
  };
}
