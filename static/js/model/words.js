/** Words for counts in what the page says (pure: node --test covers it). */

/** "1 problem", "2 problems", "0 AZs": a count with its noun. */
export function fmtCount(n, noun) { return `${n} ${noun}${n === 1 ? '' : 's'}`; }
