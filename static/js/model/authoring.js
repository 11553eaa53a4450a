/**
 * What the "Make a scenario" dialog sends (pure: node --test covers it): the limits the server
 * checks (playground/authoring.py), hints from a text box (one a line), questions from their
 * rows, and the problems to fix before sending, each with the field it belongs to.
 */
import { fmtCount } from './words.js';
import { gradedGoals, gradedFaults } from './locked.js';

export const LIMITS = { title: 200, summary: 300, story: 5000, hint: 1000, hints: 10, question: 500, answer: 2000, questions: 10 };
export const LEVELS = [['', 'No level'], ['beginner', 'Beginner'], ['intermediate', 'Intermediate'], ['advanced', 'Advanced']];

/** The hints in a text box: one a line, blank lines dropped, spaces trimmed. */
export function parseHints(text) {
  return String(text || '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
}

/** Question rows with both halves blank are dropped; the rest are sent trimmed. */
export function collectQuestions(rows) {
  return (rows || []).map((r) => ({ question: String(r.question || '').trim(), answer: String(r.answer || '').trim() }))
    .filter((r) => r.question || r.answer);
}

/** "3 goals, 1 scheduled fault": what the scenario will copy from the design (with `lock`, a
 * design that attempts a scenario: its goals and faults as graded, the scenario's included). */
export function designCounts(design, lock = null) {
  const goals = gradedGoals(design?.goals, lock).length;
  const faults = gradedFaults(design?.faults, lock).length;
  return { goals, faults, text: `${fmtCount(goals, 'goal')}, ${fmtCount(faults, 'scheduled fault')}` };
}

/** The body of POST /api/scenarios/ from the dialog's values. */
export function scenarioBody(designId, values) {
  return {
    design_id: designId,
    title: String(values.title || '').trim(),
    summary: String(values.summary || '').trim(),
    story: String(values.story || '').trim(),
    level: values.level || '',
    hints: parseHints(values.hints),
    questions: collectQuestions(values.questions),
  };
}

/** The body of PATCH /api/scenarios/<slug>/ (Edit): the texts only, its goals and faults kept. */
export function scenarioTexts(values) {
  const texts = scenarioBody(null, values);
  delete texts.design_id;
  return texts;
}

/** The dialog's values for a scenario as GET /api/scenarios/<slug>/ returns it (Edit prefills). */
export function scenarioValues(scenario) {
  return {
    title: scenario.title || '', summary: scenario.summary || '', story: scenario.story || '', level: scenario.level || '',
    hints: (scenario.hints || []).join('\n'), questions: (scenario.questions || []).map((q) => ({ question: q.question, answer: q.answer })),
  };
}

/** Problems with the texts to fix before sending [{path, message}] (the server checks them again). */
export function textProblems(body) {
  const out = [];
  const long = (path, text, max) => { if (text.length > max) out.push({ path, message: `is ${text.length} characters: at most ${max}` }); };
  if (!body.title) out.push({ path: 'title', message: 'a scenario needs a title' });
  long('title', body.title, LIMITS.title);
  long('summary', body.summary, LIMITS.summary);
  long('story', body.story, LIMITS.story);
  if (body.hints.length > LIMITS.hints) out.push({ path: 'hints', message: `${body.hints.length} hints: at most ${LIMITS.hints}` });
  body.hints.forEach((t, i) => long(`hints[${i}]`, t, LIMITS.hint));
  if (body.questions.length > LIMITS.questions) out.push({ path: 'questions', message: `${body.questions.length} questions: at most ${LIMITS.questions}` });
  body.questions.forEach((q, i) => {
    if (!q.question) out.push({ path: `questions[${i}].question`, message: 'the answer has no question' });
    if (!q.answer) out.push({ path: `questions[${i}].answer`, message: 'the question has no answer' });
    long(`questions[${i}].question`, q.question, LIMITS.question);
    long(`questions[${i}].answer`, q.answer, LIMITS.answer);
  });
  return out;
}

/** Problems to fix before making a scenario: the texts', and a design with no goal. */
export function bodyProblems(body, design, lock = null) {
  const out = textProblems(body);
  if (!designCounts(design, lock).goals) out.push({ path: 'design.goals', message: 'add a goal in Goals & story first' });
  return out;
}

/** A problem as a sentence the dialog lists ("Hint 2: is 1200 characters: at most 1000"). */
export function problemText(p) {
  const m = /^(hints|questions)\[(\d+)\](?:\.(question|answer))?$/.exec(p.path || '');
  const names = { title: 'Title', summary: 'Summary', story: 'Story', level: 'Level', hints: 'Hints', questions: 'Questions', 'design.goals': 'Goals', design_id: 'Design' };
  let where = names[p.path];
  if (m) where = m[1] === 'hints' ? `Hint ${Number(m[2]) + 1}` : `Question ${Number(m[2]) + 1}${m[3] === 'answer' ? ' (answer)' : ''}`;
  else if (!where && String(p.path || '').startsWith('design')) where = `Design (${p.path.slice(7) || 'whole'})`;
  return where ? `${where}: ${p.message}` : p.message;
}
