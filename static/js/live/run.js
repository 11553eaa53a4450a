/**
 * A live run on the page: Run / Pause / Stop, speed, the traffic sliders, fault injection by
 * clicking a node, an AZ or a Region, and the picture of it (overlays, charts, timeline, report).
 * The right panel is the inspector while designing and the live panel while running. The socket's
 * state machine is the session's (session.js); this wires it to the canvas and the panels.
 */
import { RunSession } from './session.js';
import { Overlay } from './overlay.js';
import { Charts } from './charts.js';
import { Timeline } from './timeline.js';
import { faultText, namesOf } from './event-words.js';
import { renderReport } from './report.js';
import { RunControls } from './controls.js';
import { WatchLinkBox } from './watch-link.js';
import { WatchView } from './watch-view.js';
import { FigureCards } from './cards.js';
import { TrafficSliders } from './traffic.js';
import { FaultMenu, nodeFaults, placeFaults } from './fault-menu.js';
import { darkPlaces, injectedFaults } from './figures.js';
import { fmtCount } from '../model/words.js';
import { h, clear } from '../panels/dom.js';
import { nodeById } from '../model/design.js';

export class LiveRun {
  constructor({ editor, canvas, persistence, check, designId, shareToken, watchToken, els }) {
    Object.assign(this, { editor, canvas, persistence, check, designId, shareToken, watchToken, els });
    this.watchView = watchToken ? new WatchView({ banner: els.banner, fork: els.fork }) : null;
    this.onModeChanged = null; // () => ..., after every change of state
    this.onReport = null; // (report) => ..., when a run's report arrives
    this.onEnded = null; // (end) => ..., the run's end message ({reason, report}), after its report
    this.session = new RunSession({ watchToken, on: this.sessionHandlers() });
    this.overlay = new Overlay(canvas);
    this.timeline = new Timeline(els.timeline, { names: () => namesOf(this.editor.design, this.editor.catalogue), onPick: (m) => this.pickMoment(m) });
    this.menu = new FaultMenu();
    this.injected = [];
    this.selectedEdges = new Set();
    this.controls = new RunControls(els, { watching: !!watchToken, on: {
      run: () => this.start(), pause: () => this.session.togglePause(), stop: () => this.session.stop(),
      speed: (value) => this.session.setSpeed(value),
    } });
    canvas.onNodeClick = (id, evt) => this.nodeMenu(id, evt);
    canvas.onContainerClick = (type, id, evt) => this.placeMenu(type, id, evt);
    canvas.onEdgeClick = (id) => { this.selectedEdges = new Set([id]); };
    canvas.afterSync = () => { if (this.lastFrame && this.state !== 'idle') this.paint(this.lastFrame); };
    if (watchToken) this.session.watch();
  }

  // The session's figures, read by the page's tests and the canvas bench (which also sets them).
  get state() { return this.session.state; }
  set state(state) { this.session.state = state; }
  get frames() { return this.session.frames; }
  set frames(n) { this.session.frames = n; }
  get lastFrame() { return this.session.lastFrame; }
  get lastReport() { return this.session.lastReport; }

  sessionHandlers() {
    return {
      state: (state) => this.showState(state),
      started: (m) => this.onStarted(m),
      shared: (watch) => this.watchLink?.show(watch),
      watching: (m) => this.onWatching(m),
      frame: (frame) => this.onFrame(frame),
      end: (m) => this.onEnd(m),
      error: (m) => {
        if (this.watchView && m.final && ['revoked', 'expired', 'not_found'].includes(m.code)) { this.watchView.gone(m.message); return; } // the banner says it
        if (m.problems?.length) this.editor.setProblems(m.problems);
        this.editor.toast(m.message || 'The run reported an error.', m.control ? 'warn' : 'error');
      },
      closed: () => this.editor.toast('The connection to the run closed (the server may have restarted): the live run is over. Your design is still here: press Run to start it again.', 'warn'),
      leave: () => this.leaveRunMode(),
    };
  }

  showState(state) {
    const live = this.session.live;
    this.controls.show(state, live);
    this.watchView?.show(state, this.lastFrame);
    document.body.dataset.run = state;
    if (this.backBtn) this.backBtn.hidden = state !== 'ended' || !!this.watchToken;
    this.watchLink?.setLive(live);
    if (this.onModeChanged) this.onModeChanged();
  }

  enterRunMode() {
    const wasLive = document.body.classList.contains('is-live');
    document.body.classList.add('is-live'); // the palette folds away: the canvas gets the room
    if (!wasLive) requestAnimationFrame(() => this.canvas.fit());
    this.canvas.setMode('run');
    this.editor.clearSelection();
    this.els.palette.setEnabled(false);
    this.els.inspector.hidden = true;
    const panel = this.els.panel;
    panel.hidden = false;
    clear(panel);
    this.watchLink = new WatchLinkBox(panel, { toast: (text, tone) => this.editor.toast(text, tone), askForLink: () => this.session.send({ type: 'share' }) });
    const focus = this.cards?.focus ?? null; // the node card shown in the last run shows again
    this.cards = new FigureCards(this.editor);
    this.cards.focus = focus;
    this.traffic = new TrafficSliders(this.editor, (node, rate) => this.session.send({ type: 'set', node, props: { rate } }));
    const chartsHost = h('div', { class: 'charts' });
    this.backBtn = h('button', { class: 'btn btn-block btn-primary', 'data-testid': 'back-to-design', text: '✎ Back to editing the design', hidden: true, onclick: () => { this.closeReport(); this.leaveRunMode(); } });
    const hints = this.watchToken ? [this.watchView.status, h('p', { class: 'live-hint live-hint-watch', text: 'Only its owner controls this run. "Fork this design" (top right) makes your own copy to change and run.' })]
      : [h('p', { class: 'live-hint', text: 'Click a component, an AZ or a Region to make it fail.' })];
    panel.append(this.backBtn, ...hints,
      this.cards.nodeCard, this.cards.globalCard, this.traffic.el, chartsHost);
    this.charts = new Charts(chartsHost);
    this.charts.mount();
    this.traffic.render({ watching: !!this.watchToken });
  }

  leaveRunMode() {
    document.body.classList.remove('is-live');
    requestAnimationFrame(() => this.canvas.fit());
    this.canvas.setMode('design');
    this.overlay.clear();
    this.els.palette.setEnabled(!this.editor.readOnly);
    this.els.inspector.hidden = false;
    this.els.panel.hidden = true;
    this.menu.close();
    this.session.reset();
  }

  async start() {
    if (this.session.live) return;
    this.closeReport();
    if (this.persistence && this.persistence.state !== 'saved') await this.persistence.save();
    const problems = await this.check({ quiet: true });
    if (problems && problems.length) {
      this.editor.toast(`Fix ${fmtCount(problems.length, 'problem')} before Run: they are marked in red on the canvas.`, 'warn');
      return;
    }
    const doc = this.editor.toJSON();
    const msg = { type: 'start', seed: doc.run?.seed ?? 1, speed: this.controls.speed() };
    if (this.designId && this.persistence?.state === 'saved') msg.design_id = this.designId;
    else if (this.shareToken) msg.share_token = this.shareToken;
    else msg.design = doc;
    if (this.els.shareLive?.checked) msg.share = true;
    this.injected = [];
    if (!this.session.start(msg)) return;
    this.enterRunMode();
    this.timeline.reset(doc.run?.duration || 0);
  }

  onStarted(m) {
    this.timeline.reset(m.duration || this.editor.design.run?.duration);
    this.timeline.plan(this.editor.design.faults);
    if (m.watch?.url) this.watchLink.show(m.watch);
    else if (!this.watchToken) this.watchLink.offer();
  }

  /** A viewer joined: the design, the run so far (the charts and the events from its start) and
   * as it stands (the faults injected, shaded and banded at once; the latest frame, painted). */
  onWatching(m) {
    if (m.design) { this.editor.load(m.design); requestAnimationFrame(() => this.canvas.fit()); }
    this.standing(m);
    this.watchView.expiresAt(m.expires);
  }

  /** The run as it stands ("watching") or as it ended (a late joiner's "end"): the run panel, the
   * faults injected (shaded and banded), the charts and events so far, the last frame painted. */
  standing(m) {
    this.enterRunMode();
    this.timeline.reset(m.design?.run?.duration || 0);
    this.timeline.plan(this.editor.design.faults);
    this.injected = (m.faults || []).map((f) => ({ ...f, at: f.at ?? 0, duration: f.duration ?? null }));
    this.timeline.plan(this.injected);
    for (const row of m.history || []) if (row?.global) this.charts.push(row);
    this.timeline.add(m.events || []);
    if (m.frame) { this.paint(m.frame); this.timeline.setTime(m.frame.t, m.frame.speed_achieved, m.paused); this.cards.render(m.frame); }
  }

  onFrame(frame) {
    if (this.watchView) { // the owner's injections, as the run acknowledged them
      const faults = injectedFaults(frame.events);
      this.injected.push(...faults);
      this.timeline.plan(faults);
      this.watchView.show(this.state, frame);
    }
    this.paint(frame);
    this.charts?.push(frame);
    this.timeline.setTime(frame.t, frame.speed_achieved, frame.paused);
    this.timeline.add(frame.events);
    this.cards?.later(frame);
  }

  onEnd(m) {
    if (this.watchView) { // a viewer who came after the end: the diagram as it ended, under the report
      if (m.design && !this.editor.design.nodes.length) { this.editor.load(m.design); requestAnimationFrame(() => this.canvas.fit()); }
      if (m.frame && this.els.panel.hidden) this.standing(m);
      this.watchView.expiresAt(m.expires);
    }
    if (m.reason && !['completed', 'stopped', 'finished'].includes(m.reason)) this.editor.toast(m.message || `The run ended early: ${m.reason.replace(/_/g, ' ')}.`, 'warn');
    this.showReport(m.report);
    if (this.onEnded) this.onEnded(m);
  }

  paint(frame) {
    const dark = darkPlaces([...(this.editor.design.faults || []), ...this.injected], frame.t);
    this.overlay.apply(frame, { selectedEdges: this.selectedEdges, dark, force: this.frames < 2 || this.state !== 'running' });
  }

  /** An event chosen on the strip: its component selected (and its card shown), its moment
   * marked on every chart. */
  pickMoment({ t, node }) {
    this.charts?.mark(t);
    const d = this.editor.design;
    if (node && nodeById(d, node)) { this.editor.select({ nodes: [node] }); this.cards?.show(node, this.lastFrame); return; }
    const region = (d.regions || []).find((r) => r.id === node || (r.azs || []).includes(node));
    if (region) this.editor.select({ container: { type: region.id === node ? 'region' : 'az', id: node } });
  }

  // ---- fault injection -----------------------------------------------------------
  nodeMenu(id, evt) {
    this.cards?.show(id, this.lastFrame);
    if (this.watchToken || this.state === 'ended') return;
    this.menu.open(evt, nodeFaults(this.editor.catalogue, nodeById(this.editor.design, id)), (fault) => this.inject(fault));
  }

  placeMenu(type, id, evt) {
    if (this.watchToken || this.state === 'ended') return;
    this.menu.open(evt, placeFaults(this.editor.catalogue, type, id), (fault) => this.inject(fault));
  }

  inject(fault) {
    const clean = { kind: fault.kind, target: fault.target };
    if (fault.duration !== null && fault.duration !== undefined) clean.duration = fault.duration;
    if (fault.ms) clean.ms = fault.ms;
    this.session.send({ type: 'inject', fault: clean });
    const at = this.lastFrame?.t ?? 0;
    this.injected.push({ ...clean, at, duration: clean.duration ?? null });
    this.timeline.plan([{ ...clean, at }]);
    this.editor.toast(`Injected: ${faultText(fault.kind, fault.target, '', namesOf(this.editor.design, this.editor.catalogue))}.`, 'warn');
    if (this.lastFrame) this.paint(this.lastFrame);
  }

  // ---- report ----------------------------------------------------------------------
  showReport(report) {
    this.closeReport();
    const dlg = h('dialog', { class: 'pg-dialog report-dialog' });
    dlg.append(renderReport(report, this.editor, {
      onClose: () => { this.closeReport(); if (!this.watchToken) this.leaveRunMode(); }, // a viewer keeps the run's picture
      onAgain: this.watchToken ? null : () => { this.closeReport(); this.start(); },
    }));
    dlg.addEventListener('cancel', () => this.closeReport());
    document.body.append(dlg);
    dlg.showModal();
    this.reportEl = dlg;
    if (this.onReport) this.onReport(report);
  }

  closeReport() { if (this.reportEl) { this.reportEl.close(); this.reportEl.remove(); this.reportEl = null; } }
}
