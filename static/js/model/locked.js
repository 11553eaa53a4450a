/**
 * A scenario's goals and scheduled faults are locked in a design that attempts it: the server
 * grades every run and check on them, whatever the document says (playground/scenario_lock.py),
 * and this is the same rule for the page. The graded list is the scenario's items first, in the
 * scenario's order, then the learner's own: each item of the document that is not exactly one of
 * the scenario's (an edited scenario goal is the learner's, and the original is graded too). A
 * report's goal rows come in that order, so row i is `gradedGoals(...)[i]`. No DOM.
 */

/** What makes two goals the same: metric, scope (none and null alike), comparison and target. */
export function goalKey(g) {
  return JSON.stringify([g?.metric ?? null, g?.scope || null, g?.op ?? null, g?.value ?? null]);
}

/** What makes two scheduled faults the same: kind, target, when, how long and how much. */
export function faultKey(f) {
  return JSON.stringify(['kind', 'target', 'at', 'duration', 'ms'].map((k) => f?.[k] ?? null));
}

/**
 * The graded list: [{item, locked: true}] for the scenario's, then [{item, locked: false, index}]
 * for the learner's own (`index`: where it sits in the document's list, to remove it).
 */
function graded(own, locked, key) {
  const taken = new Set((locked || []).map(key));
  const mine = (own || []).map((item, index) => ({ item, locked: false, index })).filter((e) => !taken.has(key(e.item)));
  return [...(locked || []).map((item) => ({ item, locked: true })), ...mine];
}

export const gradedGoals = (docGoals, lock) => graded(docGoals, lock?.goals, goalKey);
export const gradedFaults = (docFaults, lock) => graded(docFaults, lock?.faults, faultKey);

/** The lock a scenario puts on a design that attempts it (null for a design of one's own). */
export function scenarioLock(scenario) {
  if (!scenario) return null;
  const doc = scenario.document || {};
  return {
    slug: scenario.slug,
    goals: Array.isArray(scenario.goals) && scenario.goals.length ? scenario.goals : doc.goals || [],
    faults: doc.faults || [],
    run: { duration: doc.run?.duration, warmup: doc.run?.warmup },
  };
}
