/**
 * Runs kept per design: the "Runs" button lists the design's finished runs (GET
 * /api/designs/{id}/runs/, newest first, 20 a page), "Open" shows a run's report (the same
 * report.js) with its charts drawn from the stored series, and ticking two compares them
 * (compare-view.js). "Report" reopens the last run's report after "Back to the design".
 */
import { request, api } from '../api.js';
import { h } from '../panels/dom.js';
import { renderReport } from './report.js';
import { renderComparison, pastCharts } from './compare-view.js';
import { fmtMs, fmtPercent } from './figures.js';

const PAGE = 20;

export function mountRuns({ editor, live, designId, runbar }) {
  let last = null; // {report, series, document} of the last run seen on this page
  const reportBtn = h('button', { class: 'btn', 'data-testid': 'reopen-report', hidden: true, title: 'Open the last run\'s report again', text: 'Report', onclick: () => { if (last) showRun(last, editor); } });
  const runsBtn = designId ? h('button', { class: 'btn', 'data-testid': 'runs-btn', title: 'This design\'s finished runs: reopen a report, compare two', text: 'Runs', onclick: () => showRuns(designId, editor) }) : null;
  runbar.append(reportBtn, ...(runsBtn ? [runsBtn] : []));

  const update = () => {
    const live_ = document.body.classList.contains('is-live');
    reportBtn.hidden = !last || live_;
    if (runsBtn) runsBtn.hidden = live_;
  };
  const onReport = live.onReport;
  live.onReport = (report) => { onReport?.(report); last = { report, series: null, document: editor.toJSON(), created: new Date().toISOString() }; update(); };
  const onEnded = live.onEnded;
  live.onEnded = (end) => { if (last && end?.report === last.report) last.series = end.series || null; onEnded?.(end); };
  const onMode = live.onModeChanged;
  live.onModeChanged = () => { onMode?.(); update(); };
  update();
  return { reportBtn, runsBtn };
}

let open = null;
function modal(el, cls, testid) {
  close();
  const dlg = h('dialog', { class: `pg-dialog ${cls}`, 'data-testid': testid }, el);
  dlg.addEventListener('close', () => { dlg.remove(); if (open === dlg) open = null; });
  document.body.append(dlg);
  dlg.showModal();
  open = dlg;
  return dlg;
}
function close() { if (open) { const dlg = open; open = null; dlg.close(); } }

/** A run's report (report.js) over the diagram, with its charts when it kept them. */
export function showRun(run, editor, { onBack } = {}) {
  const view = { catalogue: editor.catalogue, design: run.document?.nodes ? run.document : editor.design };
  const report = renderReport(run.report, view, { onClose: close });
  if (onBack) report.querySelector('.report-actions')?.prepend(h('button', { class: 'btn', 'data-testid': 'runs-back', text: '← All runs', onclick: onBack }));
  const charts = h('div', { class: 'cmp-charts' });
  report.append(h('section', { class: 'report-section' }, h('h3', { text: 'Charts' }), charts));
  modal(report, 'report-dialog', 'past-report');
  pastCharts(charts, [run]);
}

async function showRuns(designId, editor) {
  const status = h('span', { class: 'runs-status', role: 'status', text: 'Loading the runs…' });
  const compareBtn = h('button', { class: 'btn btn-primary', 'data-testid': 'compare-runs', disabled: true, text: 'Compare the two ticked' });
  const body = h('tbody', {});
  const more = h('button', { class: 'btn', hidden: true, 'data-testid': 'runs-more', text: 'Older runs' });
  const ticked = new Map(); // id -> created
  const sayTicked = () => {
    compareBtn.disabled = ticked.size !== 2;
    status.textContent = ticked.size === 2 ? 'Two ticked: compare them.' : ticked.size ? 'Tick one more to compare.' : 'Tick two to compare them.';
  };
  const el = h('div', { class: 'runs' },
    h('h2', { text: 'Runs of this design' }),
    h('p', { class: 'muted', text: 'Every run that finishes is kept here with its report and charts. Open one to read its report again; tick two to compare them side by side.' }),
    h('div', { class: 'runs-scroll' }, h('table', { class: 'rtable runs-table' },
      h('thead', {}, h('tr', {}, h('th', { text: '' }), h('th', { text: 'started' }), h('th', { class: 'num', text: 'seed' }), h('th', { class: 'num', text: 'goals' }), h('th', { class: 'num', text: 'p99' }), h('th', { class: 'num', text: 'errors' }), h('th', { class: 'num', text: 'cost' }), h('th', { text: '' }))),
      body)),
    h('div', { class: 'pg-dialog-buttons' }, status, more, h('button', { class: 'btn', 'data-testid': 'runs-close', text: 'Close', onclick: close }), compareBtn));
  modal(el, 'runs-dialog', 'runs-dialog');

  const openRun = async (id) => {
    try { showRun(await api.run(id), editor, { onBack: () => showRuns(designId, editor) }); } catch (err) { editor.toast(`Could not open the run: ${err.message}`, 'error'); }
  };
  compareBtn.addEventListener('click', async () => {
    const ids = [...ticked.entries()].sort((x, y) => (x[1] < y[1] ? -1 : 1)).map(([id]) => id); // A: the earlier
    compareBtn.disabled = true;
    try {
      const runs = await Promise.all(ids.map((id) => api.run(id)));
      const view = renderComparison(runs, editor, { onClose: close, onBack: () => showRuns(designId, editor) });
      modal(view.el, 'report-dialog compare-dialog', 'compare-dialog');
      view.drawCharts();
    } catch (err) { compareBtn.disabled = false; editor.toast(`Could not compare the runs: ${err.message}`, 'error'); }
  });

  let offset = 0;
  const load = async () => {
    let page;
    try { page = await request('GET', `/api/designs/${encodeURIComponent(designId)}/runs/?limit=${PAGE}&offset=${offset}`); } catch (err) { status.textContent = `Could not load the runs: ${err.message}`; return; }
    offset += page.results.length;
    for (const run of page.results) body.append(row(run, ticked, sayTicked, openRun));
    more.hidden = !page.next;
    if (!page.count) { body.append(h('tr', {}, h('td', { colspan: 8, class: 'muted', 'data-testid': 'runs-empty', text: 'No finished runs of this design yet: press Run, and each run that finishes is kept here.' }))); status.textContent = ''; }
    else sayTicked();
  };
  more.addEventListener('click', load);
  await load();
}

function row(run, ticked, sayTicked, openRun) {
  const f = run.headline || {};
  const when = new Date(run.created);
  const label = `${when.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })}`;
  const box = h('input', { type: 'checkbox', 'aria-label': `Compare the run of ${label}`, 'data-testid': 'run-tick', onchange: () => {
    if (box.checked && ticked.size >= 2) { box.checked = false; return; } // two at most
    if (box.checked) ticked.set(run.id, run.created); else ticked.delete(run.id);
    sayTicked();
  } });
  const goals = f.goals_total ? `${f.goals_passed} of ${f.goals_total}${f.graded ? '' : ' (not graded)'}` : '–';
  const cost = f.cost_per_hour === null || f.cost_per_hour === undefined ? '–' : `$${f.cost_per_hour.toFixed(f.cost_per_hour < 1 ? 3 : 2)}/h`;
  return h('tr', { 'data-testid': 'run-row', dataset: { id: run.id } },
    h('td', {}, box), h('td', { text: label }), h('td', { class: 'num', text: String(run.seed) }),
    h('td', { class: `num${f.goals_total ? (f.goals_passed === f.goals_total ? ' cmp-pass' : ' cmp-fail') : ''}`, text: goals }),
    h('td', { class: 'num', text: fmtMs(f.p99_ms) }), h('td', { class: 'num', text: fmtPercent(f.error_rate) }), h('td', { class: 'num', 'data-testid': 'run-cost', text: cost }),
    h('td', {}, h('button', { class: 'btn btn-small', 'data-testid': 'run-open', text: 'Open', onclick: () => openRun(run.id) })));
}
