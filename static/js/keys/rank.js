/** The command palette's search (pure: node --test covers it). */

/** Actions whose title (or words) hold every word of `query`, best first: a title that starts
 * with the query, then one with a word that does, then the rest, each in the list's order. */
export function rankActions(actions, query) {
  const q = String(query || '').trim().toLowerCase();
  if (!q) return actions.slice();
  const words = q.split(/\s+/);
  const scored = [];
  actions.forEach((a, i) => {
    const title = a.title.toLowerCase();
    const hay = `${title} ${(a.words || '').toLowerCase()}`;
    if (!words.every((w) => hay.includes(w))) return;
    const score = title.startsWith(q) ? 0 : title.split(/\s+/).some((w) => w.startsWith(words[0])) ? 1 : 2;
    scored.push({ a, i, score });
  });
  return scored.sort((x, y) => x.score - y.score || x.i - y.i).map((s) => s.a);
}
