/**
 * "Check my design": one check's conversation with the server, with no DOM (the panel,
 * panels/check-panel.js, draws it). The protocol is playground/live/consumers.py's:
 *
 *   idle -> starting ("check" sent) [-> queued ("check_queued")] -> checking ("check_started")
 *        -> done ("check_end")
 *
 * `queued`: no check core was free, so the check waits in line on the server (first come first
 * served); each check_queued says its place again (`place`, 1 being next, and `ahead`, the
 * checks before it or running), and `waitingLine` says it in words. Or `cancelled` (the learner's "check_stop", answered by a check_end with reason cancelled) or
 * `failed` (a refusal while starting, a final error, the socket closing). Each check has its own
 * socket, closed at its end: closing the tab closes it, which cancels the check on the server.
 *
 * `goalRows` turns the goals and what is known of them (the last check point's rows, or the
 * result) into the words the panel shows: the catalogue's labels, the node's label, the target,
 * the verdict, the pass rate and the 95% interval.
 */
import { openSocket } from './socket.js';
import { fmtGoalValue, GOAL_OPS } from './figures.js';

const LIVE = new Set(['starting', 'queued', 'checking']);

export class CheckSession {
  /** on: handlers, each optional: state(state), queued(m), started(m), progress(m), end(m),
   * error(m). */
  constructor({ on = {}, open = openSocket } = {}) {
    Object.assign(this, { on, open });
    this.reset();
  }

  reset() {
    this.state = 'idle';
    this.socket = null;
    this.started = null; // the check_started message: goals, seeds, workers
    this.place = 0; // while queued: the place in line (1: next) and the checks ahead
    this.ahead = 0;
    this.done = 0;
    this.planned = 0;
    this.looks = null; // the last check point's goal rows
    this.lookDone = 0; // the seeds they were graded on
    this.result = null; // verify's result, at the end
    this.recorded = false;
    this.error = null;
  }

  get live() { return LIVE.has(this.state); }

  emit(name, ...args) { if (this.on[name]) this.on[name](...args); }

  setState(state) { this.state = state; this.emit('state', state); }

  /** Check the saved design `designId` on up to `seeds` seeds (the server's default if none). */
  start({ designId, seeds = null }) {
    if (this.live) return false;
    this.reset();
    this.setState('starting');
    const socket = this.open('/ws/simulate/', {
      onMessage: (m) => { if (this.socket === socket) this.receive(m); },
      onClose: () => { if (this.socket === socket) this.closed(); },
    });
    this.socket = socket;
    const msg = { type: 'check', design_id: designId };
    if (seeds) msg.seeds = seeds;
    socket.send(msg);
    return true;
  }

  cancel() { if (this.live) this.socket?.send({ type: 'check_stop' }); }

  receive(m) {
    if (m.type === 'check_queued') {
      this.place = m.place;
      this.ahead = m.ahead;
      if (this.state === 'queued') this.emit('state', this.state); else this.setState('queued');
      this.emit('queued', m);
    } else if (m.type === 'check_started') {
      this.started = m;
      this.planned = Math.min(m.seeds, 4);
      this.setState('checking');
      this.emit('started', m);
    } else if (m.type === 'check_progress') {
      this.done = m.done;
      this.planned = m.planned;
      if (m.goals) { this.looks = m.goals; this.lookDone = m.done; }
      this.emit('progress', m);
    } else if (m.type === 'check_end') {
      this.finish(m.reason === 'cancelled' ? 'cancelled' : 'done', () => {
        this.result = m.result || null;
        this.recorded = !!m.recorded;
        if (this.result) this.done = this.result.seeds;
      });
      this.emit('end', m);
    } else if (m.type === 'error') {
      this.emit('error', m);
      if (this.state === 'starting' || this.state === 'queued' || m.final || m.check) this.finish('failed', () => { this.error = m; });
    }
  }

  closed() {
    if (!this.live) return;
    this.finish('failed', () => { this.error = { code: 'closed', message: 'The connection to the server closed: the check stopped. Check again when it is back.' }; });
  }

  finish(state, keep) {
    keep();
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.setState(state);
  }
}

/** Where a waiting check stands, in words: "Waiting: 3 ahead of you" and its place. */
export function waitingLine({ place, ahead }) {
  const others = ahead === 1 ? '1 check' : `${ahead} checks`;
  const where = place <= 1 ? 'yours starts next' : `yours is number ${place} in line`;
  return { headline: `Waiting: ${ahead} ahead of you`, detail: `Checks take turns on the server's cores: ${others} before yours (${where}). It starts by itself: keep this page open.` };
}

// verify's verdicts (simengine/verify_stats.py PASS, FAIL, UNCERTAIN)
export const UNCERTAIN = 'not certain';
const VERDICT_WORDS = { pass: 'Passed', fail: 'Failed', [UNCERTAIN]: 'Not certain' };
const SO_FAR = { pass: 'passing so far', fail: 'failing so far', [UNCERTAIN]: 'not certain yet' };

/** Where the interval lies against the target, by verdict. */
const AGAINST = { pass: 'all on the right side of the target', fail: 'all on the wrong side of the target', [UNCERTAIN]: 'the target falls inside it' };

/** A number as a goal's target or interval end reads. */
const num = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2).replace(/\.?0+$/, '') || '0');

/**
 * The rows the panel shows, one per graded goal. `goals`: what is graded (check_started's, or
 * the page's own before a start); `rows`: verify's rows for them (a check point's, or the
 * result's), if any; `final`: the result is in. `metrics`: the catalogue's goal metrics by
 * name; `nodes`: the design's nodes (a goal measured at one shows its label).
 */
export function goalRows(goals, rows, { final = false, metrics = new Map(), nodes = [], seeds = 0 } = {}) {
  return (goals || []).map((goal, i) => {
    const m = metrics.get(goal.metric);
    const r = rows?.[i] || null;
    const unit = m?.unit || r?.unit || null;
    const node = nodes.find((n) => n.id === goal.scope);
    const faulty = (m?.scopes || []).includes('fault'); // RTO, RPO: a fault's, or the worst one's
    const where = !goal.scope || goal.scope === 'global' ? (faulty ? 'worst fault' : 'whole design') : node?.label || (faulty ? `fault on ${goal.scope}` : goal.scope);
    const target = `${GOAL_OPS[goal.op] || goal.op} ${fmtGoalValue(goal.metric, goal.value, unit, num)}`;
    const row = { label: m?.label || r?.label || goal.metric, where, target, verdict: r ? r.verdict : null };
    row.word = !r ? 'waiting…' : final ? VERDICT_WORDS[r.verdict] : SO_FAR[r.verdict];
    if (r) {
      const n = seeds || 0;
      row.rate = n ? `met on ${Math.round(r.pass_rate * n)} of ${n} seeds` : `met on ${Math.round(r.pass_rate * 100)}% of seeds`;
      row.interval = intervalText(goal.metric, r, unit);
      if (final && r.verdict === UNCERTAIN) row.why = 'The design sits on the edge of this goal: some seeds meet it, some do not.';
    }
    return row;
  });
}

function intervalText(metric, r, unit) {
  const end = (v) => (v === null || v === undefined ? 'unbounded' : fmtGoalValue(metric, v, unit, num));
  if (r.low === null && r.high === null && r.verdict === 'fail') return 'the whole 95% interval is beyond the target';
  const out = r.failed_outright ? ` (${r.failed_outright} seed(s) failed outright)` : '';
  return `95% interval ${end(r.low)} to ${end(r.high)}${out}, ${AGAINST[r.verdict] || 'against the target'}`;
}

/** The check's verdict in one line, from verify's result. */
export function verdictLine(result) {
  if (!result) return '';
  if (result.passed) return `Passed: every goal met, whatever the seed (${result.seeds} seeds).`;
  const failed = result.goals.filter((g) => g.verdict === 'fail').length;
  const unsure = result.goals.filter((g) => g.verdict === UNCERTAIN).length;
  const parts = [failed ? `${failed} failed` : '', unsure ? `${unsure} not certain` : ''].filter(Boolean);
  return `Not passed: ${parts.join(', ')} (${result.seeds} seeds).`;
}

/** How many of the check's seeds were not run again: earlier checks of the same design (by
 * anyone, on the same engine) had run them, and a seed's result never changes. */
export function knownLine(result) {
  const known = result?.seeds_known || 0;
  if (!known) return '';
  if (known === result.seeds) return `All ${known} seeds from earlier checks of the same design: nothing had to run again.`;
  return `${known} of ${result.seeds} seeds from earlier checks of the same design.`;
}
