/**
 * Assignments in the editor (issue 14).
 *
 * A student's fork (the design API's `assignment` is set) gets a Submit button: it saves the
 * design, asks the server to submit this version, and when the server answers that this version
 * has no check yet (409), runs "Check my design" (panels/check-panel.js `checkNow`) and submits
 * again. The answer is shown plainly on the banner: "Submitted: 3/4 goals", or the server's own
 * sentence (closed, already submitted, ...), always with textContent.
 *
 * An instructor gets "Assign to a class" (a scenario page's button, a design's File menu item):
 * POST /api/assignments/, then the assignment page opens, with its code and QR code.
 */
import { request } from '../api.js';
import { h, clear } from './dom.js';

export const CHECK_FIRST = 'Check this version of your design first';

const submissionsUrl = (code) => `/api/assignments/${encodeURIComponent(code)}/submissions/`;

/** "Submitted: 3/4 goals" for a submission the API returned. */
export function submittedLine(submission) {
  const { goals_passed: passed, goals_total: total } = submission;
  return `Submitted: ${passed}/${total} goal${total === 1 ? '' : 's'}${passed === total ? ' met. Well done.' : ' met.'}`;
}

/**
 * Submit the design as saved: `ready()` saves it (false: not now), `post()` submits it; when
 * the server answers that this version has no check (409 CHECK_FIRST), `beforeCheck()` then
 * `checkNow()` run the check and it is submitted again. `say(text, kind)` is told each step and
 * the outcome (the server's own sentence when it refuses). The submission, or null.
 */
export async function submitVersion({ post, ready, checkNow, beforeCheck = () => {}, say }) {
  try {
    if (!(await ready())) { say('Not submitted: fix what the message says, then submit again.', 'warn'); return null; }
    say('Submitting…');
    let done;
    try {
      done = await post();
    } catch (err) {
      if (err.status !== 409 || !err.message.startsWith(CHECK_FIRST)) throw err;
      say('Checking this version first (Check my design)…');
      beforeCheck();
      if (!(await checkNow())) { say('Not submitted: the check did not finish. Check again, then submit.', 'warn'); return null; }
      say('Submitting…');
      done = await post();
    }
    say(submittedLine(done), done.goals_passed === done.goals_total ? 'ok' : 'info');
    return done;
  } catch (err) {
    say(err.message, 'warn');
    return null;
  }
}

/**
 * `assignment`: {code, title, is_open}; `designId`: the fork; `ready()`: saves and checks the
 * design for problems (true when it may be checked); `checkPanel`: the drawer's check section;
 * `drawer`: to show the check's progress; `button`, `banner`: the page's elements.
 */
export function mountSubmit({ editor, assignment, designId, ready, checkPanel, drawer, button, banner }) {
  const status = h('span', { class: 'submit-status', 'data-testid': 'submit-result', role: 'status' });
  clear(banner);
  banner.hidden = false;
  banner.classList.add('banner-assignment');
  banner.append(
    h('strong', { text: `Assignment: ${assignment.title}` }),
    h('span', { text: ` · code ${assignment.code} · ` }),
    h('a', { href: `/a/${encodeURIComponent(assignment.code)}/`, text: 'your submissions' }),
    status);
  const say = (text, kind = 'info') => {
    status.textContent = ` · ${text}`;
    status.dataset.kind = kind;
    if (kind === 'warn') editor.toast(text, 'warn');
  };
  button.hidden = false;

  const post = () => request('POST', submissionsUrl(assignment.code), { design_id: designId });
  const submit = async () => {
    button.disabled = true;
    try {
      const done = await submitVersion({ post, ready, checkNow: checkPanel.checkNow, beforeCheck: () => drawer.open(), say });
      if (done) editor.toast(submittedLine(done), 'ok');
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener('click', submit);
  return { submit, say };
}

/** "Assign to a class": `what` is {scenario: slug} or {design_id: id}. */
export function bindAssign(button, what, { editor, beforeAssign = async () => true } = {}) {
  button.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      if (!(await beforeAssign())) return;
      const made = await request('POST', '/api/assignments/', what);
      location.assign(`/a/${encodeURIComponent(made.code)}/`);
    } catch (err) {
      editor.toast(`Could not assign it: ${err.message}`, 'warn');
    } finally {
      button.disabled = false;
    }
  });
}
