/**
 * Checkpoint questions are revealed after an attempt: once the learner has run the scenario's
 * design to its end (the run's "end" message says `completed` and carries its report). A run
 * stopped early, or cut short by a limit, is not an attempt. The attempt is remembered per
 * scenario in this browser, so the questions stay shown on the next visit. No DOM here.
 */

export const attemptKey = (slug) => `playground:scenario-attempted:${slug}`;

/** Whether a run's end message (consumers.py: {type: "end", reason, report}) is a full attempt. */
export function isAttempt(end) {
  return !!end && end.reason === 'completed' && !!end.report;
}

/** Whether this browser has attempted the scenario (storage: localStorage or a stand-in). */
export function hasAttempted(storage, slug) {
  if (!slug) return false;
  try { return storage?.getItem(attemptKey(slug)) === '1'; } catch { return false; }
}

/** Remember the attempt; false when it cannot be stored (private mode): shown for this visit only. */
export function recordAttempt(storage, slug) {
  try { storage.setItem(attemptKey(slug), '1'); return true; } catch { return false; }
}

/** The questions worth showing: objects with a question and an answer, as the API serves them. */
export function checkpointQuestions(scenario) {
  return (scenario?.questions || []).filter((q) => q && typeof q.question === 'string' && q.question.trim() && typeof q.answer === 'string');
}
