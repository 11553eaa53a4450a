/**
 * "Make a scenario" (File menu, instructors only: GET /api/me/ says who is one): the dialog that
 * turns this design into a scenario (POST /api/scenarios/). The instructor writes the title,
 * summary, story, level, hints (one a line) and checkpoint questions (question and answer rows,
 * added and removed); the goals and scheduled faults are the design's own, edited where they
 * always are, and the dialog says how many the scenario copies. A refused attempt keeps the
 * dialog open with every problem listed; Cancel keeps what was typed for the next opening. On
 * success it shows the scenario's link with a Copy button. Its fields and frame are shared with
 * Edit (panels/scenario-edit.js), which reopens them prefilled for a scenario already made.
 */
import { api } from '../api.js';
import { h, clear } from './dom.js';
import { LIMITS, LEVELS, designCounts, scenarioBody, bodyProblems, problemText } from '../model/authoring.js';

let draft = null; // what was typed, kept across openings in this page

function field(label, control, hint) {
  return h('label', { class: 'author-field' }, h('span', { class: 'author-label', text: label }), control, hint ? h('span', { class: 'author-hint', text: hint }) : null);
}

function questionRow(q, onRemove) {
  const question = h('input', { type: 'text', value: q.question || '', maxlength: LIMITS.question, placeholder: 'Question', 'aria-label': 'Question', 'data-testid': 'author-question' });
  const answer = h('textarea', { rows: 2, maxlength: LIMITS.answer, placeholder: 'Answer (shown behind a toggle after a run)', 'aria-label': 'Answer', 'data-testid': 'author-answer' });
  answer.value = q.answer || '';
  const row = h('div', { class: 'author-question', 'data-testid': 'author-question-row' }, h('div', { class: 'author-question-texts' }, question, answer),
    h('button', { type: 'button', class: 'btn btn-icon', 'aria-label': 'Remove this question', title: 'Remove this question', text: '✕', 'data-testid': 'author-question-remove', onclick: () => onRemove(row) }));
  row.values = () => ({ question: question.value, answer: answer.value });
  return row;
}

/**
 * The dialog's fields, filled from `start` ({title, summary, story, level, hints, questions}):
 * `nodes` to put in the form, `values()` what is typed now, `title` to focus.
 */
export function scenarioFields(start) {
  const title = h('input', { type: 'text', value: start.title, maxlength: LIMITS.title, required: true, 'data-testid': 'author-title' });
  const summary = h('input', { type: 'text', value: start.summary, maxlength: LIMITS.summary, 'data-testid': 'author-summary' });
  const level = h('select', { 'data-testid': 'author-level' }, ...LEVELS.map(([value, text]) => h('option', { value, text })));
  level.value = start.level;
  const story = h('textarea', { rows: 4, maxlength: LIMITS.story, 'data-testid': 'author-story' });
  story.value = start.story;
  const hints = h('textarea', { rows: 4, 'data-testid': 'author-hints' });
  hints.value = start.hints;
  const rows = h('div', { class: 'author-questions', 'data-testid': 'author-questions' });
  const addBtn = h('button', { type: 'button', class: 'btn', text: '+ Add a question', 'data-testid': 'author-question-add' });
  const sync = () => { addBtn.disabled = rows.children.length >= LIMITS.questions; };
  const remove = (row) => { row.remove(); sync(); };
  const add = (q = {}) => { rows.append(questionRow(q, remove)); sync(); };
  addBtn.addEventListener('click', () => { add(); rows.lastChild.querySelector('input').focus(); });
  for (const q of start.questions) add(q);
  if (!start.questions.length) add();
  const nodes = [
    field('Title', title),
    h('div', { class: 'author-row' }, field('Summary', summary, 'One line for the scenario page.'), field('Level', level)),
    h('div', { class: 'author-row author-row-even' },
      field('Story', story, 'What the learner reads first; a blank line starts a paragraph.'),
      field('Hints', hints, `One a line, revealed one at a time (at most ${LIMITS.hints}).`)),
    h('div', { class: 'author-field' }, h('span', { class: 'author-label', text: 'Checkpoint questions' }), rows, addBtn,
      h('span', { class: 'author-hint', text: 'Shown once the learner has run the design to its end, each answer behind a toggle.' }))];
  const values = () => ({ title: title.value, summary: summary.value, story: story.value, level: level.value, hints: hints.value, questions: [...rows.children].map((r) => r.values()) });
  return { nodes, values, title };
}

/**
 * The dialog around `fields`: `intro` above them, `submit` its primary button, `send()` what
 * pressing it does (problems it throws, or returns as {heading, problems}, are listed in the
 * dialog, which stays open); `onCancel(values)` before it closes. The dialog and `showProblems`.
 */
export function scenarioDialog({ heading, intro, fields, submit, busy, send, onCancel, disabled = false }) {
  const errors = h('div', { class: 'author-errors', role: 'alert', 'data-testid': 'author-errors', hidden: true });
  const showProblems = (text, problems) => {
    clear(errors).hidden = false;
    errors.append(h('strong', { text }), problems.length ? h('ul', {}, ...problems.map((p) => h('li', { text: problemText(p) }))) : null);
  };
  const button = h('button', { type: 'submit', class: 'btn btn-primary', text: submit.text, 'data-testid': submit.testid, disabled });
  const close = () => { dlg.close(); dlg.remove(); };
  const form = h('form', { class: 'author-form', novalidate: true }, intro, ...fields.nodes,
    h('div', { class: 'author-footer' }, errors, h('div', { class: 'pg-dialog-buttons' },
      h('button', { type: 'button', class: 'btn', text: 'Cancel', 'data-testid': 'author-cancel', onclick: () => { onCancel(fields.values()); close(); } }),
      button)));
  form.addEventListener('input', () => { errors.hidden = true; }); // what was wrong is being fixed
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    button.textContent = busy;
    try {
      const refused = await send(fields.values());
      if (refused) showProblems(refused.heading, refused.problems);
    } catch (err) {
      showProblems(err.message, err.problems || []);
    } finally {
      button.disabled = false;
      button.textContent = submit.text;
    }
  });
  const dlg = h('dialog', { class: 'pg-dialog author-dialog', 'data-testid': 'author-dialog', 'aria-labelledby': 'author-dialog-title' },
    h('h2', { id: 'author-dialog-title', text: heading }), form);
  dlg.addEventListener('cancel', (e) => { e.preventDefault(); }); // Escape loses nothing: Cancel keeps the draft
  document.body.append(dlg);
  dlg.showModal();
  fields.title.focus();
  return { dlg, close, showProblems };
}

/** Opens the dialog for the design `designId`; `beforeCreate` saves it (false: not saved). */
export function openAuthorDialog({ editor, designId, beforeCreate }) {
  const start = draft || { title: editor.design.name || '', summary: '', story: '', level: '', hints: '', questions: [] };
  const counts = designCounts(editor.design, editor.lock);
  const intro = h('p', { class: 'author-copies', 'data-testid': 'author-counts' },
    h('strong', { text: `This design's ${counts.text}` }),
    h('span', { text: counts.goals
      ? ' go into the scenario as they are now. Edit goals in Goals & story and scheduled failures in the inspector (click the empty canvas) before you make it.'
      : ': a scenario needs a goal to meet. Add a goal in Goals & story first.' }));
  const { dlg, close } = scenarioDialog({
    heading: 'Make a scenario from this design', intro, fields: scenarioFields(start), disabled: !counts.goals,
    submit: { text: 'Make scenario', testid: 'author-make' }, busy: 'Making…',
    onCancel: (values) => { draft = values; },
    send: async (values) => {
      const body = scenarioBody(designId, values);
      const problems = bodyProblems(body, editor.design, editor.lock);
      if (problems.length) return { heading: 'Fix these first:', problems };
      if (!(await beforeCreate())) return { heading: 'The design is not saved yet: a scenario copies the design as saved. Try again in a moment.', problems: [] };
      const made = await api.createScenario(body);
      draft = null;
      showMade(dlg, made, close);
      return null;
    },
  });
  return dlg;
}

function showMade(dlg, made, close) {
  const url = new URL(made.url, location.origin).href;
  const input = h('input', { type: 'text', value: url, readOnly: true, class: 'share-url', 'data-testid': 'author-link', onfocus: (e) => e.target.select() });
  const copied = h('span', { class: 'author-hint', role: 'status', 'data-testid': 'author-copied' });
  clear(dlg).append(
    h('h2', { text: 'Scenario made' }),
    h('p', { text: `"${made.title}" opens at this link for anyone who has it (it is not in the public gallery). Students press Start this scenario to get their own copy; its ${made.goal_count === 1 ? 'goal' : 'goals'} and scheduled failures are locked on every copy.` }),
    input, copied,
    h('div', { class: 'pg-dialog-buttons' },
      h('button', { class: 'btn', text: 'Copy link', 'data-testid': 'author-copy', onclick: async () => {
        input.select();
        try { await navigator.clipboard.writeText(url); copied.textContent = 'Copied.'; } catch { copied.textContent = 'Press Ctrl+C to copy the selected link.'; }
      } }),
      h('a', { class: 'btn', href: made.url, target: '_blank', rel: 'noopener', text: 'Open it', 'data-testid': 'author-open' }),
      h('button', { class: 'btn btn-primary', text: 'Done', 'data-testid': 'author-done', onclick: close })));
}
