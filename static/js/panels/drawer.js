/** The scenario drawer: the story, the goals (with live pass/fail after a run; in a design that
 * attempts a scenario, the scenario's goals and scheduled faults first, locked and marked as the
 * scenario's, then the learner's own, removable: model/locked.js), "Check my design"
 * (check-panel.js), hints revealed one at a time, the checkpoint questions once the learner has run the design to
 * its end (questions.js) and, for a puzzle, its fix: shown only when asked, and applied as one
 * step that Undo takes back. */
import { h, clear } from './dom.js';
import { SetDesignFieldCommand, ReplaceDesignCommand } from '../commands/index.js';
import { solutionChanges, applySolution } from '../model/solution.js';
import { fmtGoalValue, goalActualText, GOAL_OPS as OPS } from '../live/figures.js';
import { checkpointQuestions, hasAttempted } from '../model/questions.js';
import { questionsSection } from './questions.js';
import { gradedGoals, gradedFaults } from '../model/locked.js';

export function mountDrawer(host, button, editor, scenario, { lock = null, checkPanel = null } = {}) {
  let results = null;
  let hintsShown = 0;
  let fixShown = false;
  const questions = checkpointQuestions(scenario);
  let questionsRevealed = hasAttempted(globalThis.localStorage, scenario?.slug);
  const answersOpen = new Set();
  const render = () => {
    clear(host);
    host.append(h('div', { class: 'drawer-head' }, h('h2', { text: scenario?.title || 'Goals' }),
      h('button', { class: 'btn btn-icon', 'aria-label': 'Close', text: '✕', onclick: () => close() })));
    if (scenario?.story) for (const para of scenario.story.split(/\n\s*\n/)) host.append(h('p', { class: 'story', text: para }));
    const goals = editor.design.goals || [];
    const graded = gradedGoals(goals, lock);
    host.append(h('h3', { text: 'Goals' }));
    if (!graded.length) host.append(h('p', { class: 'muted', text: 'This design has no goals yet. Scenario designs come with goals to meet.' }));
    const metrics = new Map((editor.catalogue.goalMetrics || []).map((m) => [m.metric, m]));
    host.append(h('ul', { class: 'goals', 'data-testid': 'goals' }, ...graded.map(({ item: g, locked, index }, i) => {
      const m = metrics.get(g.metric);
      const r = results?.[i];
      const state = r ? (r.passed ? 'pass' : 'fail') : 'pending';
      return h('li', { class: `goal goal-${state}${locked ? ' is-locked' : ''}`, 'data-testid': locked ? 'goal-locked' : 'goal-own' },
        h('span', { class: 'goal-mark', 'aria-hidden': 'true', text: { pass: '✓', fail: '✕', pending: '○' }[state] }),
        h('span', { text: `${m?.label || g.metric}${g.scope ? ` (${nodeLabel(editor, g.scope)})` : ''} ${OPS[g.op] || g.op} ${fmtGoalValue(g.metric, g.value, m?.unit, String)}` }),
        locked ? scenarioTag('goal') : null,
        r ? h('span', { class: 'goal-actual', text: `actual ${goalActualText(r, m?.unit, fmt)}` }) : null,
        editor.readOnly || locked ? null : h('button', { class: 'goal-remove', 'aria-label': 'Remove this goal', title: 'Remove this goal', text: '✕',
          onclick: () => { results = null; editor.execute(new SetDesignFieldCommand(editor, 'goals', goals.filter((_, j) => j !== index))); } }));
    })));
    if (!editor.readOnly) {
      if (lock) host.append(h('h4', { text: 'Add a goal of your own' }));
      host.append(goalForm(editor, metrics, goals, () => { results = null; }));
    }
    const faults = gradedFaults(editor.design.faults, lock).filter((e) => e.locked);
    if (faults.length) {
      const kinds = editor.catalogue.faultKinds || [];
      host.append(h('h4', { text: 'Failures the scenario schedules' }), h('ul', { class: 'goals', 'data-testid': 'faults-locked' }, ...faults.map(({ item: f }) => h('li', { class: 'goal is-locked' },
        h('span', { text: `${kinds.find((k) => k.kind === f.kind)?.label || f.kind} · ${f.target} at ${f.at} s${f.duration ? ` for ${f.duration} s` : ''}` }), scenarioTag('failure')))));
    }
    if (checkPanel) host.append(checkPanel.el);
    const hints = scenario?.hints || [];
    if (hints.length) {
      host.append(h('h3', { text: 'Hints' }));
      host.append(h('ol', { class: 'hints' }, ...hints.slice(0, hintsShown).map((t) => h('li', { text: t }))));
      if (hintsShown < hints.length) host.append(h('button', { class: 'btn', text: hintsShown ? 'Another hint' : 'Show a hint', onclick: () => { hintsShown += 1; render(); } }));
    }
    host.append(...questionsSection(questions, { revealed: questionsRevealed, opened: answersOpen }));
    if (scenario?.solution && Object.keys(scenario.solution).length) renderFix();
  };
  const renderFix = () => {
    host.append(h('h3', { text: 'The fix' }));
    if (!fixShown) {
      host.append(h('p', { class: 'muted', text: 'The answer to this puzzle. Try the hints first: finding it yourself is the lesson.' }),
        h('button', { class: 'btn', 'data-testid': 'show-fix', text: 'Show the fix', onclick: () => { fixShown = true; render(); } }));
      return;
    }
    const lines = solutionChanges(editor.design, scenario.solution, editor.catalogue);
    host.append(h('ul', { class: 'fix-lines', 'data-testid': 'fix-lines' }, ...lines.map((l) => h('li', { class: l.missing ? 'is-missing' : l.done ? 'is-done' : '' },
      ...fixLine(l, fmt)))));
    const todo = lines.filter((l) => !l.missing && !l.done);
    if (!editor.readOnly && todo.length) {
      host.append(h('button', { class: 'btn btn-primary', 'data-testid': 'apply-fix', text: 'Apply the fix', onclick: () => {
        results = null;
        editor.execute(new ReplaceDesignCommand(editor, applySolution(editor.toJSON(), scenario.solution), 'Apply the fix'));
        editor.toast('Fix applied: run it and watch the goals. Undo takes it back.', 'ok');
      } }));
    }
  };
  const open = () => { host.hidden = false; button.setAttribute('aria-expanded', 'true'); render(); };
  const close = () => { host.hidden = true; button.setAttribute('aria-expanded', 'false'); };
  button.addEventListener('click', () => (host.hidden ? open() : close()));
  editor.signals.designChanged.add(() => { if (!host.hidden) render(); });
  render();
  // true when this call revealed them (they were hidden), so the page says so once
  const revealQuestions = () => {
    if (questionsRevealed || !questions.length) return false;
    questionsRevealed = true;
    render();
    return true;
  };
  return { open, close, setResults: (r) => { results = r; render(); }, revealQuestions };
}

/** A node as the learner named it (its label), or the id a goal names. */
const nodeLabel = (editor, id) => editor.design.nodes.find((n) => n.id === id)?.label || id;

/** The mark on what the scenario sets: graded on every run and check, whatever the design says. */
function scenarioTag(what) {
  return h('span', { class: 'scenario-tag', title: `The scenario's ${what}: every run and check of this design is graded with it, so it cannot be removed.`, text: 'scenario' });
}

/** Add a goal: a metric from the catalogue, where it is measured, a comparison and a target. */
function goalForm(editor, metrics, goals, reset) {
  const metric = h('select', { 'aria-label': 'Metric', 'data-testid': 'goal-metric' }, ...[...metrics.values()].map((m) => h('option', { value: m.metric, text: m.label })));
  const scope = h('select', { 'aria-label': 'Measured at' });
  const ops = editor.catalogue.data.goal_ops || Object.keys(OPS);
  const op = h('select', { 'aria-label': 'Comparison' }, ...ops.map((o) => h('option', { value: o, text: OPS[o] || o })));
  const value = h('input', { type: 'text', inputmode: 'decimal', placeholder: 'target', 'aria-label': 'Target value', 'data-testid': 'goal-value' });
  const hint = () => { value.placeholder = metric.value === 'error_rate' ? 'a share: 0.01 = 1%' : `target${metrics.get(metric.value)?.unit ? ` (${metrics.get(metric.value).unit})` : ''}`; };
  const fillScopes = () => {
    const m = metrics.get(metric.value);
    const scopes = m?.scopes || [];
    const kinds = m?.kinds || [];
    clear(scope);
    if (scopes.includes('global')) scope.append(h('option', { value: 'global', text: scopes.includes('fault') ? 'worst fault' : 'whole design' }));
    // only the nodes of the kinds that count this metric (dead-lettered messages: queues)
    if (scopes.includes('node')) for (const n of editor.design.nodes) if (!kinds.length || kinds.includes(n.kind)) scope.append(h('option', { value: n.id, text: n.label || n.id }));
    if (scopes.includes('fault')) for (const t of new Set((editor.design.faults || []).map((f) => f.target))) scope.append(h('option', { value: t, text: `fault on ${t}` }));
    op.value = /rps|throughput/.test(metric.value) ? '>=' : '<=';
  };
  metric.addEventListener('change', () => { fillScopes(); hint(); });
  fillScopes();
  hint();
  const add = h('button', { class: 'btn btn-small', type: 'submit', text: '+ Add goal' });
  const form = h('form', { class: 'goal-form', 'data-testid': 'goal-form' }, metric, scope, op, value, add);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = Number(value.value);
    if (value.value.trim() === '' || !Number.isFinite(v)) { value.setAttribute('aria-invalid', 'true'); value.focus(); return; }
    reset();
    editor.execute(new SetDesignFieldCommand(editor, 'goals', [...goals, { metric: metric.value, scope: scope.value === 'global' ? null : scope.value, op: op.value, value: v }]));
  });
  return form;
}

const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2).replace(/\.?0+$/, '')) : v === null || v === undefined ? 'not set' : String(v));

/** A fix line's words: a prop or placement from → to, or an addition or removal. */
function fixLine(l, fmt) {
  const value = (v) => (l.kind === 'place' ? [v?.region, v?.az].filter(Boolean).join(' · ') || 'anywhere' : fmt(v));
  if (l.text) {
    const state = l.missing ? ' (a component it needs is not in your design any more)' : l.done ? ' ✓ already done' : '';
    return [h('strong', { text: l.text[0].toUpperCase() + l.text.slice(1) }), h('span', { text: state })];
  }
  return [h('strong', { text: `${l.where} · ${l.title}: ` }),
    h('span', { text: l.missing ? `${value(l.to)} (not in your design any more)` : l.done ? `${value(l.to)} ✓ already set` : `${value(l.from)} → ${value(l.to)}` })];
}
