/** The scenario's checkpoint questions, for the drawer: each question in the open, its answer
 * behind a "Show answer" toggle (<details>), every text through textContent. Before the learner's
 * first complete run only a line says when they will appear. */
import { h } from './dom.js';

export function questionsSection(questions, { revealed, opened = new Set() }) {
  if (!questions.length) return [];
  const head = h('h3', { text: 'Check your understanding' });
  if (!revealed) {
    return [head, h('p', { class: 'muted', 'data-testid': 'questions-locked', text: 'Checkpoint questions appear here once you have run this design to its end.' })];
  }
  return [head, h('ol', { class: 'hints questions', 'data-testid': 'questions' }, ...questions.map((q, i) => h('li', { class: 'question' },
    h('p', { class: 'question-text', text: q.question }),
    answer(q, i, opened))))];
}

/** The answer behind its toggle; `opened` keeps which are open when the drawer redraws. */
function answer(q, i, opened) {
  const el = h('details', { class: 'question-answer', open: opened.has(i) }, h('summary', { text: 'Show answer' }), h('p', { text: q.answer }));
  el.addEventListener('toggle', () => { if (el.open) opened.add(i); else opened.delete(i); });
  return el;
}
