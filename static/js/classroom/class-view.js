/**
 * The live class view, /a/<code>/class/ (the assignment's instructor only): a table of every
 * student with their latest or best submission, a cell per goal (passed or failed, and its
 * number), sortable, updated in place from the class socket (/ws/class/<code>/: the results on
 * connect, then an update per join and submission; no polling). Clicking a student opens their
 * submission read-only; "Open and run" copies it into a design of the instructor's and opens it
 * in the editor, where Run and the watch link are. "Export CSV" downloads the results.
 */
import { request, ApiError } from '../api.js';
import { openSocket } from '../live/socket.js';
import { h, clear } from '../panels/dom.js';
import { ClassBoard, SORTS, fmtClock, goalCell, goalHeading } from './board.js';

const $ = (id) => document.getElementById(id);
const code = document.body.dataset.code;
const board = new ClassBoard();
const rowsById = new Map();
const RETRY_MS = [1000, 2000, 5000, 10000];
const FINAL_CLOSES = new Set([4403, 4404]);

function setStatus(state, text) {
  const el = $('class-status');
  el.dataset.state = state;
  el.textContent = text;
}

function headCell(key) {
  const sorted = board.sort.key === key;
  const arrow = sorted ? (board.sort.dir === 'asc' ? ' ▲' : ' ▼') : '';
  return h('th', { scope: 'col', 'aria-sort': sorted ? (board.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none' },
    h('button', { class: 'sort', 'data-testid': `sort-${key}`, text: `${SORTS[key].label}${arrow}`, onclick: () => { board.sortBy(key); renderAll(); } }));
}

function renderHead() {
  const head = clear($('class-head'));
  head.append(h('tr', {},
    headCell('name'),
    headCell('passed'),
    ...board.goals.map((g) => h('th', { scope: 'col', class: 'goal-col', text: goalHeading(g) })),
    headCell('latest'),
    h('th', { scope: 'col', class: 'actions-col', text: 'Project' })));
}

function submissionUrl(sub) { return `/a/${encodeURIComponent(code)}/submissions/${encodeURIComponent(sub.id)}/`; }

async function openAndRun(sub, button) {
  button.disabled = true;
  button.textContent = 'Opening…';
  try {
    const design = await request('POST', `/api/assignments/${encodeURIComponent(code)}/submissions/${encodeURIComponent(sub.id)}/fork/`, {});
    location.href = `/play/${design.id}/`;
  } catch (err) {
    button.disabled = false;
    button.textContent = 'Open and run';
    showNotice(`Could not open the design: ${err.message}`);
  }
}

function renderRow(line) {
  const sub = board.shown(line);
  const name = sub
    ? h('a', { href: submissionUrl(sub), 'data-testid': 'student-link', title: 'See the submitted design, read-only', text: line.display_name })
    : h('span', { text: line.display_name });
  const passed = sub ? `${sub.goals_passed} / ${sub.goals_total}` : 'not yet';
  const cells = board.goals.map((g, i) => {
    const cell = goalCell(sub, g, i);
    const mark = { pass: '✓', fail: '✕', none: '' }[cell.state];
    return h('td', { class: `goal-cell goal-${cell.state}`, 'data-testid': 'goal-cell', dataset: { state: cell.state } },
      mark ? h('span', { class: 'mark', 'aria-label': cell.state === 'pass' ? 'passed' : 'failed', text: mark }) : null,
      h('span', { class: 'num', text: cell.text }));
  });
  const latest = line.latest ? `${fmtClock(line.latest.created)}${line.submissions > 1 ? ` (${line.submissions}×)` : ''}` : '–';
  const project = sub ? h('button', { class: 'btn btn-small', 'data-testid': 'open-and-run', title: 'Copy this design into one of yours and open it, to run it for the class', text: 'Open and run', onclick: (e) => openAndRun(sub, e.currentTarget) }) : null;
  return h('tr', { 'data-testid': 'student-row', dataset: { enrollment: String(line.enrollment_id), name: line.display_name } },
    h('th', { scope: 'row', class: 'student', title: line.display_name }, name),
    h('td', { class: `passed ${sub && sub.goals_passed === sub.goals_total && sub.goals_total ? 'all' : ''}`, 'data-testid': 'goals-passed', text: passed }),
    ...cells,
    h('td', { class: 'when', 'data-testid': 'latest-time', text: latest }),
    h('td', { class: 'actions' }, project));
}

function renderAll() {
  renderHead();
  const body = clear($('class-body'));
  rowsById.clear();
  for (const line of board.rows()) {
    const row = renderRow(line);
    rowsById.set(line.enrollment_id, row);
    body.append(row);
  }
  $('class-empty').hidden = board.students.size > 0;
  $('class-counts').textContent = board.countsText();
}

/** An update: each changed line is rebuilt where it stands, then the rows take their order. */
function renderChanged(ids) {
  const body = $('class-body');
  for (const id of ids) {
    const line = board.students.get(id);
    if (!line) continue;
    const row = renderRow(line);
    const old = rowsById.get(id);
    if (old) old.replaceWith(row); else body.append(row);
    rowsById.set(id, row);
    row.classList.add('just-changed');
    setTimeout(() => row.classList.remove('just-changed'), 2500);
  }
  for (const line of board.rows()) body.append(rowsById.get(line.enrollment_id));
  $('class-empty').hidden = board.students.size > 0;
  $('class-counts').textContent = board.countsText();
}

function showNotice(text) {
  const el = $('class-notice');
  el.hidden = false;
  el.textContent = text;
}

let attempt = 0;
function connect() {
  setStatus('connecting', 'Connecting…');
  let final = false;
  openSocket(`/ws/class/${encodeURIComponent(code)}/`, {
    onMessage: (m) => {
      if (m.type === 'error') {
        if (m.final) { final = true; showNotice(m.message); setStatus('closed', 'Not live'); }
        return;
      }
      const changed = board.apply(m);
      if (m.type === 'results') { attempt = 0; setStatus('live', 'Live'); renderAll(); } else renderChanged(changed);
    },
    onClose: (e) => {
      if (final || FINAL_CLOSES.has(e.code)) return;
      const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
      attempt += 1;
      setStatus('reconnecting', 'Reconnecting…');
      setTimeout(connect, wait);
    },
  });
}

function bindControls() {
  for (const input of document.querySelectorAll('input[name="show"]')) {
    input.addEventListener('change', () => { board.show = input.value; renderAll(); });
  }
  const link = $('student-link');
  $('copy-link').addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(link.href); $('copy-link').textContent = 'Copied'; } catch { link.focus(); }
  });
}

async function main() {
  bindControls();
  connect();
}

main().catch((err) => showNotice(err instanceof ApiError ? err.message : `The class view could not start: ${err.message}`));
