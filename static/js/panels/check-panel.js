/**
 * The drawer's "Check my design" section: the button, the progress of a check (seeds done of
 * those planned so far, each goal's verdict as it firms up) and, at its end, each goal's pass
 * rate, its 95% interval against the target and its verdict, in the learner's words. The check
 * itself is the server's (live/check.js talks to it). The section is one element that keeps its
 * state: the drawer re-appends it each time it redraws.
 */
import { h, clear } from './dom.js';
import { CheckSession, goalRows, knownLine, verdictLine, waitingLine } from '../live/check.js';
import { gradedGoals } from '../model/locked.js';

/**
 * `designId`: the saved design to check (null: no button, the design is not saved anywhere);
 * `lock`: its scenario's lock (model/locked.js) or null; `beforeCheck()`: saves the design and
 * checks it for problems, resolving true when it may be checked; `seeds`: how many at most (the
 * server's default when null). Returns the section's element and `checkNow()`, a check whose
 * result a caller awaits (the assignment's Submit, panels/assign.js).
 */
export function mountCheckPanel(editor, { designId, lock, beforeCheck, seeds = null }) {
  const el = h('section', { class: 'check-panel', 'data-testid': 'check-panel' });
  let waiters = []; // checkNow() callers, told the result (or null) once the check is over
  const settle = () => {
    if (session.live) return;
    const told = waiters;
    waiters = [];
    for (const tell of told) tell(session.state === 'done' ? session.result : null);
  };
  const session = new CheckSession({ on: { state: () => { render(); settle(); }, progress: () => render(), error: (m) => { if (m.code === 'busy' || m.problems?.length) editor.toast(m.message, 'warn'); } } });
  let checkedVersion = null;
  const metrics = () => new Map((editor.catalogue.goalMetrics || []).map((m) => [m.metric, m]));

  const start = async () => {
    if (session.live) return false;
    if (!(await beforeCheck())) return false;
    checkedVersion = JSON.stringify({ goals: editor.design.goals, nodes: editor.design.nodes, edges: editor.design.edges });
    session.start({ designId, seeds });
    return true;
  };
  /** Check the design now (or follow the check already running): its result, or null when
   * it could not start, was cancelled or failed. */
  const checkNow = () => new Promise((resolve) => {
    if (session.live) { waiters.push(resolve); return; }
    start().then((started) => { if (started) waiters.push(resolve); else resolve(null); });
  });

  const render = () => {
    clear(el);
    el.append(h('h3', { text: 'Check my design' }));
    const goals = session.started?.goals || gradedGoals(editor.design.goals, lock).map((e) => e.item);
    if (!goals.length) {
      el.append(h('p', { class: 'muted', text: 'Add a goal first: a check grades the design against its goals.' }));
      return;
    }
    const live = session.live;
    if (session.state === 'idle') {
      el.append(h('p', { class: 'muted', text: 'Runs the saved design on many seeds (different luck each time) and grades each goal on all of them, so one lucky or unlucky run cannot decide.' }));
    }
    el.append(h('div', { class: 'check-actions' },
      h('button', { class: 'btn btn-primary', 'data-testid': 'check-design', text: session.state === 'queued' ? 'Waiting…' : live ? 'Checking…' : session.result ? 'Check again' : 'Check my design', disabled: live || !designId, onclick: start }),
      live ? h('button', { class: 'btn', 'data-testid': 'check-cancel', text: 'Cancel', onclick: () => session.cancel() }) : null));
    if (session.state === 'starting') el.append(h('p', { class: 'muted', role: 'status', text: 'Starting the check…' }));
    if (session.state === 'queued') el.append(waiting(session));
    if (session.state === 'checking') el.append(progress(session));
    if (session.state === 'cancelled') el.append(h('p', { class: 'muted', role: 'status', text: 'Check cancelled.' }));
    if (session.state === 'failed') el.append(h('p', { class: 'check-error', role: 'alert', 'data-testid': 'check-error', text: session.error?.message || 'The check could not run.' }));
    const final = session.state === 'done' && !!session.result;
    if (session.state === 'checking' || final) {
      const rows = goalRows(goals, final ? session.result.goals : session.looks, { final, metrics: metrics(), nodes: editor.design.nodes, seeds: final ? session.result.seeds : session.lookDone });
      el.append(h('ul', { class: 'check-goals', 'data-testid': 'check-goals' }, ...rows.map(goalItem)));
    }
    if (final) {
      el.append(h('p', { class: `check-verdict ${session.result.passed ? 'is-pass' : 'is-fail'}`, role: 'status', 'data-testid': 'check-verdict', text: verdictLine(session.result) }));
      const known = knownLine(session.result);
      if (known) el.append(h('p', { class: 'muted', 'data-testid': 'check-known', text: known }));
      if (session.recorded) el.append(h('p', { class: 'muted', text: 'Counted in your progress on this scenario.' }));
      const now = JSON.stringify({ goals: editor.design.goals, nodes: editor.design.nodes, edges: editor.design.edges });
      if (checkedVersion && now !== checkedVersion) el.append(h('p', { class: 'muted', text: 'The design has changed since this check: check again to grade the changes.' }));
    }
  };

  editor.signals.designChanged.add(() => { if (!session.live && session.state !== 'idle') render(); });
  render();
  return { el, render, session, checkNow, close: () => session.cancel() };
}

function waiting(session) {
  const line = waitingLine(session);
  return h('div', { class: 'check-waiting', 'data-testid': 'check-waiting', role: 'status' },
    h('p', {}, h('strong', { text: line.headline })),
    h('p', { class: 'muted', text: line.detail }));
}

function progress(session) {
  const cap = session.started?.seeds || session.planned;
  const planned = Math.max(session.planned, session.done, 1);
  return h('div', { class: 'check-progress', 'data-testid': 'check-progress', role: 'status' },
    h('progress', { max: planned, value: session.done, 'aria-label': 'Seeds run' }),
    h('span', { text: `${session.done} of ${planned} seeds${planned < cap ? ` (up to ${cap}, stopping once every verdict is certain)` : ''}` }));
}

const MARKS = { pass: '✓', fail: '✕' };

function goalItem(row) {
  const state = row.verdict === 'pass' ? 'pass' : row.verdict === 'fail' ? 'fail' : row.verdict ? 'unsure' : 'pending';
  return h('li', { class: `check-goal goal-${state}`, 'data-testid': 'check-goal', 'data-verdict': row.verdict || 'pending' },
    h('div', { class: 'check-goal-head' },
      h('span', { class: 'goal-mark', 'aria-hidden': 'true', text: MARKS[row.verdict] || (row.verdict ? '?' : '○') }),
      h('span', { class: 'check-goal-name', text: `${row.label} (${row.where}) ${row.target}` }),
      h('span', { class: 'check-word', text: row.word })),
    row.rate ? h('div', { class: 'check-goal-figures', text: `${row.rate} · ${row.interval}` }) : null,
    row.why ? h('div', { class: 'check-goal-why', text: row.why }) : null);
}
