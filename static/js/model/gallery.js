/**
 * The gallery's logic, no DOM: which plain topic each scenario teaches (from its tags), the
 * order of the library (beginner, intermediate, advanced, then the scenario's own `order`), the
 * search and filters a learner sets (kept in the URL's query, so a reload keeps them) and what a card says
 * about the learner's progress (GET /api/progress/, the truth; this browser's record of an
 * attempt only when the server could not be asked). node --test covers it.
 */

export const LEVELS = ['beginner', 'intermediate', 'advanced'];

/** The plain topics, each with the scenario tags that put a scenario in it. The one place the
 * mapping lives; a scenario may sit in several topics. A tag not listed adds no topic (the
 * node tests check that every shipped scenario has at least one). */
export const TOPICS = [
  { id: 'decoupling', label: 'Decoupling', tags: ['loose-coupling', 'sqs', 'sns', 'event-driven', 'serverless', 'step-functions', 'orchestration', 'microservices', 'monolith', 'api-gateway'] },
  { id: 'resilience', label: 'Resilience', tags: ['multi-az', 'health-checks', 'circuit-breaker', 'timeouts', 'retries', 'idempotency', 'at-least-once', 'throttling', 'failover', 'rto', 'rpo'] },
  { id: 'scaling', label: 'Scaling', tags: ['horizontal-scaling', 'vertical-scaling', 'symmetric-scaling', 'asymmetric-scaling', 'auto-scaling', 'load-balancing', 'gpu', 'cost'] },
  { id: 'data', label: 'Data', tags: ['data', 'caching', 'elasticache', 'read-replicas', 'asynchronous-replication', 'sharding', 'partitioning', 'dynamodb'] },
  { id: 'latency', label: 'Latency', tags: ['latency', 'cloudfront', 'edge'] },
  { id: 'twelve-factor', label: 'Twelve-factor', tags: ['statelessness', 'sticky-sessions', 'immutable-infrastructure', 'deployment', 'logs', 'config'] },
  { id: 'disaster-recovery', label: 'Disaster recovery', tags: ['disaster-recovery', 'backup', 'pilot-light', 'warm-standby'] },
];

const TOPIC_IDS = new Set(TOPICS.map((t) => t.id));

/** The topic ids of a scenario (in TOPICS order), from its tags. */
export function topicsOf(scenario) {
  const tags = new Set((scenario?.tags || []).map((t) => String(t).toLowerCase()));
  return TOPICS.filter((t) => t.tags.some((tag) => tags.has(tag))).map((t) => t.id);
}

const levelRank = (level) => {
  const i = LEVELS.indexOf(String(level || '').toLowerCase());
  return i < 0 ? LEVELS.length : i; // an unknown level goes last
};

/** The library in gallery order: by level, then `order`, then slug (a copy; the input stays). */
export function ordered(scenarios) {
  return [...(scenarios || [])].sort((a, b) => levelRank(a.level) - levelRank(b.level)
    || (a.order ?? 0) - (b.order ?? 0) || String(a.slug).localeCompare(String(b.slug)));
}

export const SEARCH_MAX = 100;

/** The words of a search, lower case (at most SEARCH_MAX characters are read). */
const words = (text) => String(text || '').slice(0, SEARCH_MAX).toLowerCase().split(/[\s,]+/).filter(Boolean);

/** Whether a scenario matches a search: every word is in its title, summary, level, tags or
 * topics (a tag's dashes read as spaces, so "read replicas" finds `read-replicas`). */
export function matchesSearch(scenario, search) {
  const wanted = words(search);
  if (!wanted.length) return true;
  const topics = topicsOf(scenario).map((id) => TOPICS.find((t) => t.id === id).label);
  const tags = (scenario?.tags || []).map((t) => String(t).replace(/-/g, ' '));
  const hay = [scenario?.title, scenario?.summary, scenario?.level, ...tags, ...topics].join(' ').toLowerCase();
  return wanted.every((w) => hay.includes(w));
}

/** The filters a query string asks for ({topic, level, q}, topic and level null for "all", q
 * the search text or ''); anything that names no topic or level is ignored, so a stale or
 * hand-typed link still shows the library. */
export function filtersFromQuery(search) {
  const q = new URLSearchParams(search || '');
  const topic = (q.get('topic') || '').toLowerCase();
  const level = (q.get('level') || '').toLowerCase();
  return { topic: TOPIC_IDS.has(topic) ? topic : null, level: LEVELS.includes(level) ? level : null, q: (q.get('q') || '').slice(0, SEARCH_MAX) };
}

/** The query string for these filters, keeping any other parameter of `search`: '' for none. */
export function queryFromFilters(filters, search = '') {
  const q = new URLSearchParams(search || '');
  for (const key of ['topic', 'level', 'q']) {
    if (filters?.[key]) q.set(key, filters[key]); else q.delete(key);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The scenarios that pass the filters, in gallery order. */
export function filtered(scenarios, filters) {
  return ordered(scenarios).filter((s) => (!filters?.level || String(s.level || '').toLowerCase() === filters.level)
    && (!filters?.topic || topicsOf(s).includes(filters.topic)) && matchesSearch(s, filters?.q));
}

/** Progress rows (GET /api/progress/) by scenario slug. */
export function progressBySlug(rows) {
  return new Map((Array.isArray(rows) ? rows : []).filter((r) => r && r.scenario).map((r) => [r.scenario, r]));
}

/**
 * What a card says about the learner's progress on a scenario: {state, label, best}.
 * state: 'passed' | 'attempted' | 'new'; best: "2 of 3 goals" or ''.
 * `row`: the server's progress on it, or undefined; `attemptedHere`: this browser's own record,
 * consulted only when the server's progress could not be read (`row` null).
 */
export function progressState(row, attemptedHere = false) {
  if (row) {
    const b = row.best || {};
    const best = Number.isInteger(b.goals_total) && b.goals_total > 0 ? `${b.goals_passed} of ${b.goals_total} goal${b.goals_total === 1 ? '' : 's'}` : '';
    if (row.passed) return { state: 'passed', label: 'Passed ✓', best };
    return { state: 'attempted', label: 'Attempted', best };
  }
  if (row === null && attemptedHere) return { state: 'attempted', label: 'Attempted', best: '' };
  return { state: 'new', label: 'Not tried', best: '' };
}
