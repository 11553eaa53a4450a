/** Words for counts, names and places in what the page says (pure: node --test covers it). */

/** "1 problem", "2 problems", "0 AZs": a count with its noun. */
export function fmtCount(n, noun) { return `${n} ${noun}${n === 1 ? '' : 's'}`; }

// Initials read letter by letter whose name starts with a vowel sound: "an RDS", "an SQS", "an EC2".
const VOWEL_SOUND_LETTERS = new Set('AEFHILMNORSX');

/** "A" or "An" before `phrase`, as it is said: "An RDS database", "An EC2 instance",
 * "A Route 53 zone", "An Application Load Balancer", "A user". */
export function article(phrase) {
  const word = String(phrase || '').trim().split(/\s+/)[0] || '';
  if (/^[A-Z][A-Z0-9]+$/.test(word)) return VOWEL_SOUND_LETTERS.has(word[0]) ? 'An' : 'A';
  if (/^(uni|use|eu|one)/i.test(word)) return 'A'; // "a user", "a unit", "a one-off"
  return /^[aeiou]/i.test(word) ? 'An' : 'A';
}

/** A new node's label: the kind's name ("Application Load Balancer"), numbered when the design
 * already has one of that name ("Application Load Balancer 2"). */
export function defaultLabel(nodes, kindLabel) {
  const taken = new Set((nodes || []).map((n) => n.label));
  if (!taken.has(kindLabel)) return kindLabel;
  for (let i = 2; ; i += 1) if (!taken.has(`${kindLabel} ${i}`)) return `${kindLabel} ${i}`;
}

/** Where a zonal node sits, for its card: "us-east-1a"; several AZs of one Region as
 * "us-east-1a/b" (the letters after the Region's name). */
export function azPlace(azs) {
  const list = (azs || []).filter(Boolean);
  if (list.length <= 1) return list[0] || '';
  const stem = list[0].slice(0, -1);
  if (!list.every((a) => a.slice(0, -1) === stem)) return list.join(', ');
  return `${list[0]}/${list.slice(1).map((a) => a.slice(-1)).join('/')}`;
}

/** A number range as a form says it: "1 – 86400 s", "0 or more" when the top is past what anyone
 * types (a seed's 2^53 - 1). */
export function fmtRange(min, max, unit) {
  const u = unit ? ` ${unit}` : '';
  const has = (v) => v !== undefined && v !== null;
  if (!has(min) || !has(max)) return '';
  return max >= 1e9 ? `${min} or more${u}` : `${min} – ${max}${u}`;
}
