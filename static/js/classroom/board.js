/**
 * The class view's state, without the DOM (node --test covers it): the assignment's goal
 * columns and a line per student, kept from the class socket's messages (`results` replaces
 * everything, `update` replaces the lines it carries), sorted as the instructor asks.
 * Which submission the goal cells show is `show`: 'latest' or 'best'.
 */
import { fmtGoalValue, fmtMs, fmtNumber, GOAL_OPS } from '../live/figures.js';

export const SORTS = {
  name: { label: 'Name', first: 'asc' },
  passed: { label: 'Goals passed', first: 'desc' },
  latest: { label: 'Last submitted', first: 'desc' },
};

export class ClassBoard {
  constructor() {
    this.assignment = null;
    this.goals = [];
    this.students = new Map(); // enrollment_id -> line
    this.joined = 0;
    this.submitted = 0;
    this.sort = { key: 'name', dir: 'asc' };
    this.show = 'latest';
  }

  /** A socket message; returns the enrollment ids whose lines changed (all for `results`). */
  apply(message) {
    if (message.type === 'results') {
      this.assignment = message.assignment;
      this.goals = message.goals || [];
      this.students = new Map((message.students || []).map((s) => [s.enrollment_id, s]));
      this.counts(message);
      return [...this.students.keys()];
    }
    if (message.type === 'update') {
      for (const s of message.students || []) this.students.set(s.enrollment_id, s);
      this.counts(message);
      return (message.students || []).map((s) => s.enrollment_id);
    }
    return [];
  }

  counts(message) {
    this.joined = message.joined ?? this.students.size;
    this.submitted = message.submitted ?? [...this.students.values()].filter((s) => s.submissions).length;
  }

  /** Sort by `key`; choosing the same key again turns the order round. */
  sortBy(key) {
    if (!SORTS[key]) return;
    this.sort = this.sort.key === key ? { key, dir: this.sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: SORTS[key].first };
  }

  shown(line) { return line[this.show] || null; }

  /** The lines in the chosen order; ties (and students with nothing submitted) by name. */
  rows() {
    const byName = (a, b) => a.display_name.localeCompare(b.display_name, undefined, { sensitivity: 'base' });
    const value = {
      name: () => 0,
      passed: (s) => this.shown(s)?.goals_passed ?? -1,
      latest: (s) => (s.latest ? Date.parse(s.latest.created) : -1),
    }[this.sort.key];
    const sign = this.sort.dir === 'asc' ? 1 : -1;
    return [...this.students.values()].sort((a, b) => {
      if (this.sort.key === 'name') return sign * byName(a, b);
      return sign * (value(a) - value(b)) || byName(a, b);
    });
  }

  countsText() { return `${this.joined} joined, ${this.submitted} submitted`; }
}

/** A goal column's heading: "p99 latency ≤ 300 ms" (with its scope, when it has one). */
export function goalHeading(goal) {
  const where = goal.scope ? ` (${goal.scope})` : '';
  return `${goal.label || goal.metric}${where} ${GOAL_OPS[goal.op] || goal.op} ${fmtMeasure(goal, goal.value)}`;
}

/** A number of this goal's metric with its unit: milliseconds as the live panel says them
 * ("180 ms", "7.5 s"), an error rate in percent, anything else to three figures. */
export function fmtMeasure(goal, v) {
  if (goal.unit === 'ms') return fmtMs(v);
  return fmtGoalValue(goal.metric, v, goal.unit, fmtValue);
}

function fmtValue(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  if (Math.abs(v) >= 1000) return fmtNumber(v);
  return String(Number(v.toPrecision(3)));
}

/** The submission's row for a goal column: the same goal, else the one in its place. */
export function goalResult(submission, goal, index) {
  const rows = submission?.goals || [];
  const same = rows.find((g) => g.metric === goal.metric && (g.scope ?? null) === (goal.scope ?? null) && g.op === goal.op && g.value === goal.value);
  return same || rows[index] || null;
}

/** A goal cell: { state: 'pass' | 'fail' | 'none', text: the measured number with its unit }. */
export function goalCell(submission, goal, index) {
  const r = goalResult(submission, goal, index);
  if (!r) return { state: 'none', text: '–' };
  const text = r.actual === null || r.actual === undefined ? 'n/a' : fmtMeasure(goal, r.actual);
  return { state: r.passed ? 'pass' : 'fail', text };
}

/** When, on a 24-hour clock: "14:05:09". */
export function fmtClock(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '–' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}
