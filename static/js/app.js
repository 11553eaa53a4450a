/**
 * The playground page: wires the Editor, the canvas, the panels, autosave and live runs.
 * Modes (from the page): `edit` /play/<id>/, `shared` /s/<token>/ (read-only, Fork),
 * `scenario` /scenarios/<slug>/ (read, then Start), `watch` /live/<token>/ (follow a run read-only, Fork it),
 * `submission` /a/<code>/submissions/<id>/ (a student's submission, read-only with its verdict,
 * for the assignment's instructor; "Open and run" copies it into a design of theirs).
 */
import { api, ApiError } from './api.js';
import { Editor } from './editor.js';
import { Canvas } from './canvas/canvas.js';
import { mountPalette } from './panels/palette.js';
import { Inspector } from './panels/inspector.js';
import { mountToasts } from './panels/toast.js';
import { mountDrawer } from './panels/drawer.js';
import { h } from './panels/dom.js';
import { Persistence } from './persistence.js';
import { bindKeyboard } from './keyboard.js';
import { bindHelpAndKeys } from './keys/index.js';
import { bindFileMenu } from './files.js';
import { SetDesignFieldCommand } from './commands/index.js';
import { emptyDesign } from './model/design.js';
import { LiveRun } from './live/run.js';
import { mountRuns } from './live/runs-panel.js';
import { fmtCount } from './model/words.js';
import { isAttempt, recordAttempt } from './model/questions.js';
import { scenarioLock } from './model/locked.js';
import { mountCheckPanel } from './panels/check-panel.js';
import { bindAssign, mountSubmit } from './panels/assign.js';
import { openAuthorDialog } from './panels/author-dialog.js';
import { mountAuthorActions } from './panels/scenario-edit.js';
import { Projector } from './projector.js';

const $ = (id) => document.getElementById(id);
const body = document.body;
const mode = body.dataset.mode;
const ref = body.dataset.ref;
const staticRoot = body.dataset.static || '/static/';

async function loadIcons(kinds) {
  const out = {};
  await Promise.all([...kinds, 'generic'].map(async (k) => {
    try {
      const res = await fetch(`${staticRoot}icons/${k}.svg`);
      if (!res.ok) return;
      out[k] = `data:image/svg+xml;base64,${btoa(await res.text())}`;
    } catch { /* missing icon: the generic one is used */ }
  }));
  return out;
}

async function loadDocument() {
  if (mode === 'edit') return api.getDesign(ref);
  if (mode === 'shared') { const s = await api.shared(ref); return { name: s.name, document: s.document }; }
  if (mode === 'scenario') { const s = await api.scenario(ref); return { name: s.title, document: s.document, scenarioData: s }; }
  if (mode === 'watch') { const w = await api.watch(ref); return { name: w.name, document: w.document?.format ? w.document : emptyDesign('Live run'), scenario: w.scenario }; }
  if (mode === 'submission') { const s = await api.submission(body.dataset.assignment, ref); return { name: `${s.display_name}: ${s.name || 'design'}`, document: s.document, scenario: s.scenario, submission: s }; }
  return { name: 'Live run', document: emptyDesign('Live run') };
}

async function main() {
  const [catalogue, loaded] = await Promise.all([api.catalogue(), loadDocument()]);
  // A design that attempts a scenario says which (Design.scenario; a watched run's, its design's;
  // a submission's, its assignment's); older ones had it in the URL.
  const attempts = ['edit', 'watch', 'submission'].includes(mode) ? loaded.scenario || '' : '';
  const scenarioSlug = attempts || new URLSearchParams(location.search).get('scenario');
  const scenario = loaded.scenarioData || (scenarioSlug ? await api.scenario(scenarioSlug).catch(() => null) : null);
  // Locked as the server grades it: the scenario's goals and faults (model/locked.js).
  const lock = mode === 'scenario' || (attempts && scenario?.slug === attempts) ? scenarioLock(scenario) : null;
  const icons = await loadIcons(catalogue.kinds.map((k) => k.kind));
  const readOnly = mode !== 'edit';
  // A view that cannot change the design shows no Undo, Redo or Check (Ctrl+Z does nothing there either).
  for (const id of ['undo', 'redo', 'check']) $(id).hidden = readOnly;
  const editor = new Editor({ catalogue, design: loaded.document, readOnly });
  editor.lock = lock;
  mountToasts(editor);
  const canvas = new Canvas(editor, $('canvas'), { icons, readOnly });
  // Projector mode is set before the first fit, so the page is never drawn twice at load.
  const projector = new Projector({ button: $('projector-btn'), fullscreenButton: $('fullscreen-btn'), canvas, live: null, toast: (text, tone) => editor.toast(text, tone) });
  const palette = mountPalette($('palette'), editor, canvas, icons);
  new Inspector($('inspector'), editor, icons); // it redraws itself on the editor's signals
  // "Check my design": a saved design of the learner's, checked on many seeds by the server
  // (`?check_seeds=N` asks for fewer than the server's default, as the browser tests do).
  const checkSeeds = Number.parseInt(new URLSearchParams(location.search).get('check_seeds') || '', 10) || null;
  const checkPanel = mode === 'edit' ? mountCheckPanel(editor, { designId: ref, lock, seeds: checkSeeds, beforeCheck: () => readyToCheck() }) : null;
  const drawer = mountDrawer($('drawer'), $('drawer-btn'), editor, scenario, { lock, checkPanel });
  requestAnimationFrame(() => canvas.fit());
  const emptyHint = $('empty-hint');
  const showEmpty = () => { emptyHint.hidden = editor.design.nodes.length > 0 || readOnly; };
  editor.signals.designChanged.add(showEmpty);
  showEmpty();
  window.addEventListener('resize', () => canvas.fit());

  // ---- top bar ----------------------------------------------------------------
  const nameInput = $('design-name');
  nameInput.value = editor.design.name;
  nameInput.title = editor.design.name; // the whole name, where the top bar shortens it with an ellipsis
  nameInput.readOnly = readOnly;
  nameInput.addEventListener('input', () => editor.execute(new SetDesignFieldCommand(editor, 'name', nameInput.value || 'Untitled design')));
  editor.signals.designChanged.add(() => { if (document.activeElement !== nameInput) nameInput.value = editor.design.name; nameInput.title = editor.design.name; document.title = `${editor.design.name} · Architecture Playground`; });
  document.title = `${editor.design.name} · Architecture Playground`;
  const undoBtn = $('undo');
  const redoBtn = $('redo');
  const history = () => { undoBtn.disabled = !editor.canUndo() || canvas.mode !== 'design'; redoBtn.disabled = !editor.canRedo() || canvas.mode !== 'design'; };
  editor.signals.historyChanged.add(history);
  history();
  undoBtn.addEventListener('click', () => editor.undo());
  redoBtn.addEventListener('click', () => editor.redo());
  $('zoom-in').addEventListener('click', () => canvas.zoomBy(1.2));
  $('zoom-out').addEventListener('click', () => canvas.zoomBy(1 / 1.2));
  $('fit').addEventListener('click', () => canvas.fit());
  $('box-tool').addEventListener('click', (e) => { canvas.boxTool = !canvas.boxTool; e.currentTarget.setAttribute('aria-pressed', String(canvas.boxTool)); });

  const saveState = $('save-state');
  const showState = (state, detail) => {
    saveState.dataset.state = state;
    saveState.textContent = { saved: 'Saved', saving: 'Saving…', unsaved: 'Unsaved changes', offline: 'Offline · kept on this device', conflict: 'Conflict', error: 'Not saved', readonly: 'Read-only', scenario: 'Scenario preview', watch: 'Watching live', submission: 'Submitted · read-only' }[state] || state;
    saveState.title = detail || '';
  };

  let persistence = null;
  if (mode === 'edit') {
    persistence = new Persistence(editor, { designId: ref, version: loaded.version });
    persistence.stateChanged.add(showState);
    showState('saved');
    await persistence.reconcile(loaded);
  } else showState({ shared: 'readonly', scenario: 'scenario', watch: 'watch', submission: 'submission' }[mode]);

  // ---- validation shown on the nodes ---------------------------------------------
  async function check({ quiet = false } = {}) {
    try {
      const res = await api.validate(editor.toJSON());
      editor.setProblems(res.problems || []);
      if (!quiet) editor.toast(res.problems?.length ? `${fmtCount(res.problems.length, 'problem')}: they are marked on the canvas.` : 'No problems: ready to run.', res.problems?.length ? 'warn' : 'ok');
      return res.problems || [];
    } catch (err) {
      if (!quiet) editor.toast(`Could not check the design: ${err.message}`, 'error');
      return null;
    }
  }
  $('check').addEventListener('click', () => check());
  // A check runs the design as saved: save first, and check nothing with problems.
  async function readyToCheck() {
    if (persistence && persistence.state !== 'saved') await persistence.save();
    if (persistence?.state !== 'saved') { editor.toast('Save the design first: a check grades the design as saved.', 'warn'); return false; }
    const problems = await check({ quiet: true });
    if (problems && problems.length) { editor.toast(`Fix ${fmtCount(problems.length, 'problem')} before checking: they are marked in red on the canvas.`, 'warn'); return false; }
    return problems !== null;
  }
  let checkTimer = null;
  editor.signals.designChanged.add((cmd) => {
    if (!cmd || !editor.problems.length) return;
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => check({ quiet: true }), 600); // problems fade as they are fixed
  });

  // ---- file menu, share, fork, start ---------------------------------------------
  bindFileMenu({ editor, canvas, readOnly });
  const shareBtn = $('share');
  const forkBtn = $('fork');
  const startBtn = $('start');
  if (mode === 'edit') {
    shareBtn.addEventListener('click', async () => {
      try {
        if (persistence.state !== 'saved') await persistence.save();
        const link = await api.share(ref);
        let copied = false;
        try { await navigator.clipboard.writeText(link.url); copied = true; } catch { copied = false; }
        showShareDialog(link.url, copied);
      } catch (err) { editor.toast(`Could not create a link: ${err.message}`, 'error'); }
    });
    // Instructors (the server says who: GET /api/me/) make a scenario of the design.
    api.me().then((me) => {
      if (!me.is_instructor) return;
      const item = $('make-scenario');
      item.hidden = false;
      item.addEventListener('click', () => openAuthorDialog({ editor, designId: ref, beforeCreate: async () => {
        if (persistence.state !== 'saved') await persistence.save();
        return persistence.state === 'saved';
      } }));
    }).catch(() => { /* no menu item: the rest of the page works */ });
  } else shareBtn.hidden = true;
  if (mode === 'shared') {
    forkBtn.hidden = false;
    $('banner').hidden = false;
    $('banner').append(h('strong', { text: 'Read-only shared design. ' }), h('span', { text: 'Fork it to make your own copy you can change and run.' }));
    forkBtn.addEventListener('click', async () => {
      try { const d = await api.fork(ref); location.href = `/play/${d.id}/`; } catch (err) { editor.toast(`Could not fork: ${err.message}`, 'error'); }
    });
  }
  if (mode === 'scenario') {
    startBtn.hidden = false;
    $('banner').hidden = false;
    $('banner').append(h('strong', { text: 'Scenario preview. ' }), h('span', { text: 'Press Start to get your own copy to change and run.' }));
    if (scenario.can_change) mountAuthorActions({ banner: $('banner'), scenario, say: (text) => editor.toast(text, 'warn') });
    startBtn.addEventListener('click', async () => {
      // The learner's copy is listed, and shown, under the scenario's title.
      const name = loaded.scenarioData?.title || editor.design.name;
      try { const d = await api.createDesign(name, { ...editor.toJSON(), name }, ref); location.href = `/play/${d.id}/`; } catch (err) { editor.toast(`Could not start: ${err.message}`, 'error'); }
    });
    drawer.open();
  }
  if (mode === 'submission') showSubmission(loaded.submission, { editor, drawer, forkBtn });
  if (mode === 'edit' && scenario) {
    const seen = `playground:scenario-seen:${ref}`;
    if (!localStorage.getItem(seen)) { drawer.open(); try { localStorage.setItem(seen, '1'); } catch { /* private mode */ } }
  }
  // ---- assignments: a student's fork submits; an instructor assigns (panels/assign.js) ----
  if (mode === 'edit' && loaded.assignment) {
    shareBtn.hidden = true; // a fork is handed in, not shared: Submit takes its place
    mountSubmit({ editor, assignment: loaded.assignment, designId: ref, ready: readyToCheck, checkPanel, drawer, button: $('submit'), banner: $('banner') });
  } else if (body.dataset.instructor && mode === 'scenario') {
    bindAssign($('assign'), { scenario: ref }, { editor });
  } else if (body.dataset.instructor && mode === 'edit') {
    bindAssign($('assign-design'), { design_id: ref }, { editor, beforeAssign: async () => { if (persistence.state !== 'saved') await persistence.save(); return persistence.state === 'saved'; } });
  }
  if (mode === 'watch') {
    $('palette').hidden = true;
    body.classList.add('no-palette');
    forkBtn.hidden = false;
    forkBtn.textContent = 'Fork this design';
    forkBtn.title = 'Make your own copy of the design this run plays, to change and run';
    forkBtn.addEventListener('click', async () => {
      try { const d = await api.forkWatched(ref); location.href = `/play/${d.id}/`; } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 410)) live.watchView.gone(err.message);
        editor.toast(`Could not fork: ${err.message}`, 'error');
      }
    });
  }
  if (readOnly) palette.setEnabled(false);

  bindKeyboard(editor, canvas, { save: () => persistence?.save() });
  bindHelpAndKeys({ editor, canvas }); // ?, Ctrl+K, the canvas from the keyboard

  // ---- live runs ---------------------------------------------------------------------
  const live = new LiveRun({ editor, canvas, persistence, check, designId: mode === 'edit' ? ref : null, shareToken: mode === 'shared' ? ref : null, watchToken: mode === 'watch' ? ref : null, els: {
    run: $('run'), pause: $('pause'), stop: $('stop'), speed: $('speed'), shareLive: $('share-live'), panel: $('live'), inspector: $('inspector'), timeline: $('timeline'), palette, banner: $('banner'), fork: forkBtn,
  } });
  projector.live = live;
  live.onModeChanged = () => {
    history();
    // A viewer's pill in the top bar follows the run: live, paused, over.
    if (mode === 'watch') saveState.textContent = { paused: 'Watching · paused', ended: 'Watched · run over' }[live.state] || 'Watching live';
  };
  live.onReport = (report) => drawer.setResults(report.goals || []);
  live.onEnded = (end) => {
    if (!scenario || !isAttempt(end)) return;
    recordAttempt(localStorage, scenario.slug);
    if (drawer.revealQuestions()) editor.toast('Checkpoint questions are open: see Goals & story.', 'ok');
  };
  // Runs kept per design (reopen, compare) and the last report, reopened after "Back to the design".
  if (mode === 'edit' || mode === 'shared') mountRuns({ editor, live, designId: mode === 'edit' ? ref : null, runbar: document.querySelector('.runbar') });
  if (mode === 'scenario' || mode === 'submission') $('run').hidden = true;
  if (mode !== 'edit') $('share-live').closest('label').hidden = true;
  if (mode === 'watch') $('speed').closest('label').hidden = true; // the owner's; the status line says it

  window.playground = {
    editor, canvas, live, persistence, projector,
    getDesign: () => editor.toJSON(),
    checkPanel,
    get lastFrame() { return live.lastFrame; },
    get lastReport() { return live.lastReport; },
    check,
  };
  // Ready once drawn: this frame's callbacks run after the first fit's (requested above).
  requestAnimationFrame(() => { body.dataset.ready = 'true'; });
}

/** A student's submission: who, when, how many goals it passed (and each in the drawer), and
 * "Open and run": the instructor's own copy, opened in the editor to run and project. */
function showSubmission(sub, { editor, drawer, forkBtn }) {
  const when = new Date(sub.created).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  $('banner').hidden = false;
  $('banner').append(h('strong', { text: `Submitted by ${sub.display_name} at ${when}: ` }), h('span', { 'data-testid': 'submission-verdict', text: `${sub.goals_passed} of ${sub.goals_total} goals passed. Read-only: open it to run it for the class. ` }),
    h('a', { href: `/a/${encodeURIComponent(sub.assignment)}/class/`, 'data-testid': 'back-to-class', text: 'Back to the class view' }));
  drawer.setResults(sub.goals || []); // each goal passed or failed, with its number
  if (window.innerWidth >= 1500) drawer.open(); // on a projector the canvas needs the room
  $('palette').hidden = true;
  body.classList.add('no-palette');
  forkBtn.hidden = false;
  forkBtn.textContent = 'Open and run';
  forkBtn.addEventListener('click', async () => {
    try { const d = await api.forkSubmission(body.dataset.assignment, ref); location.href = `/play/${d.id}/`; } catch (err) { editor.toast(`Could not open it: ${err.message}`, 'error'); }
  });
}

function showShareDialog(url, copied) {
  const input = h('input', { type: 'text', value: url, readOnly: true, class: 'share-url', 'data-testid': 'share-url', onfocus: (e) => e.target.select() });
  const dlg = h('dialog', { class: 'pg-dialog', 'data-testid': 'share-dialog' },
    h('h2', { text: copied ? 'Link copied to the clipboard' : 'Your share link' }),
    h('p', { text: 'Anyone with the link sees a read-only snapshot of this design as it is now, and can fork it into their own copy.' }),
    input,
    h('div', { class: 'pg-dialog-buttons' },
      h('button', { class: 'btn', text: 'Copy', onclick: async () => { input.select(); try { await navigator.clipboard.writeText(url); } catch { document.execCommand('copy'); } } }),
      h('button', { class: 'btn btn-primary', text: 'Done', 'data-testid': 'share-done', onclick: () => { dlg.close(); dlg.remove(); } })));
  document.body.append(dlg);
  dlg.showModal();
}

main().catch((err) => {
  console.error(err);
  const gone = err instanceof ApiError && (err.status === 404 || err.status === 410);
  const msg = !gone ? `The playground could not start: ${err.message}`
    : mode === 'shared' ? 'This share link does not exist, has expired or was revoked. Ask for a new one.'
      : mode === 'scenario' ? 'There is no scenario by that name. The gallery lists them all.'
        : mode === 'watch' ? err.message
        : mode === 'submission' ? 'This submission does not exist, or it is not of your assignment.'
        : 'This design does not exist, or it is not yours. Designs belong to the browser (or account) that made them.';
  // Nothing loaded: no pill saying "Loading…", no tools for a design that is not there.
  const state = $('save-state');
  state.dataset.state = 'error';
  state.textContent = gone ? 'Not found' : 'Not loaded';
  for (const el of document.querySelectorAll('.doc-name, .toolbar, .runbar, .topbar > .btn, #timeline')) el.hidden = true;
  document.querySelector('.workspace')?.replaceChildren(h('div', { class: 'fatal', role: 'alert' }, h('h1', { text: 'Something went wrong' }), h('p', { text: msg }), h('a', { class: 'btn btn-primary', href: '/', text: 'Back to the gallery' })));
});
