/**
 * A live run: Run / Pause / Stop, speed, the traffic slider, fault injection by clicking a node,
 * an AZ or a Region, and the picture of it (overlays, charts, timeline, report). The right panel
 * is the inspector while designing and the live charts while running.
 */
import { openSocket } from './socket.js';
import { Overlay } from './overlay.js';
import { Charts } from './charts.js';
import { Timeline } from './timeline.js';
import { renderReport } from './report.js';
import { darkPlaces, statusOf, STATUS, detailLine, fmtNumber, fmtMs, fmtPercent } from './figures.js';
import { fmtCount } from '../model/words.js';
import { h, clear } from '../panels/dom.js';
import { request } from '../api.js';
import { nodeById } from '../model/design.js';

export class LiveRun {
  constructor({ editor, canvas, persistence, check, designId, shareToken, watchToken, els }) {
    Object.assign(this, { editor, canvas, persistence, check, designId, shareToken, watchToken, els });
    this.state = 'idle';
    this.lastFrame = null;
    this.lastReport = null;
    this.frames = 0;
    this.overlay = new Overlay(canvas);
    this.timeline = new Timeline(els.timeline);
    this.injected = [];
    this.focus = null;
    els.run.addEventListener('click', () => this.start());
    els.pause.addEventListener('click', () => this.togglePause());
    els.stop.addEventListener('click', () => this.stop());
    els.speed.addEventListener('change', () => { if (this.socket && this.state !== 'idle') this.socket.send({ type: 'speed', value: speedValue(els.speed.value) }); });
    canvas.onNodeClick = (id, evt) => this.nodeMenu(id, evt);
    canvas.onContainerClick = (type, id, evt) => this.placeMenu(type, id, evt);
    canvas.onEdgeClick = (id) => { this.selectedEdges = new Set([id]); };
    canvas.afterSync = () => { if (this.lastFrame && this.state !== 'idle') this.paint(this.lastFrame); };
    this.selectedEdges = new Set();
    if (watchToken) this.watch();
  }

  setState(state) {
    this.state = state;
    const { run, pause, stop } = this.els;
    const live = state === 'starting' || state === 'running' || state === 'paused';
    run.hidden = live;
    run.disabled = !!this.watchToken;
    pause.hidden = !live || !!this.watchToken;
    stop.hidden = !live || !!this.watchToken;
    pause.textContent = state === 'paused' ? '▶ Resume' : '❚❚ Pause';
    run.textContent = state === 'ended' ? '▶ Run again' : '▶ Run';
    document.body.dataset.run = state;
    if (this.backBtn) this.backBtn.hidden = state !== 'ended' || !!this.watchToken;
    if (this.shareBtn) this.shareBtn.hidden = !live; // a link to a run that is over lets nobody in
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
    this.els.panel.hidden = false;
    clear(this.els.panel);
    this.watchBox = null;
    this.shareBtn = null;
    this.nodeCard = h('div', { class: 'node-card', 'data-testid': 'node-card' });
    this.globalCard = h('div', { class: 'kpi-row', 'data-testid': 'global-figures' });
    this.traffic = h('div', { class: 'traffic' });
    const chartsHost = h('div', { class: 'charts' });
    this.backBtn = h('button', { class: 'btn btn-block btn-primary', 'data-testid': 'back-to-design', text: '✎ Back to editing the design', hidden: true, onclick: () => { this.closeReport(); this.leaveRunMode(); } });
    this.els.panel.append(this.backBtn,
      this.watchToken ? h('p', { class: 'live-hint live-hint-watch', text: 'You are watching a run live. Fork the design from its share link to run your own.' })
        : h('p', { class: 'live-hint', text: 'Click a component, an AZ or a Region to make it fail.' }),
      this.nodeCard, this.globalCard, this.traffic, chartsHost);
    this.charts = new Charts(chartsHost);
    this.charts.mount();
    this.renderTraffic();
  }

  leaveRunMode() {
    document.body.classList.remove('is-live');
    requestAnimationFrame(() => this.canvas.fit());
    this.canvas.setMode('design');
    this.overlay.clear();
    this.els.palette.setEnabled(!this.editor.readOnly);
    this.els.inspector.hidden = false;
    this.els.panel.hidden = true;
    this.closeMenu();
    this.setState('idle');
  }

  async start() {
    if (this.state === 'starting' || this.state === 'running' || this.state === 'paused') return;
    this.closeReport();
    if (this.persistence && this.persistence.state !== 'saved') await this.persistence.save();
    const problems = await this.check({ quiet: true });
    if (problems && problems.length) {
      this.editor.toast(`Fix ${fmtCount(problems.length, 'problem')} before Run: they are marked in red on the canvas.`, 'warn');
      return;
    }
    const doc = this.editor.toJSON();
    const msg = { type: 'start', seed: doc.run?.seed ?? 1, speed: speedValue(this.els.speed.value) };
    if (this.designId && this.persistence?.state === 'saved') msg.design_id = this.designId;
    else if (this.shareToken) msg.share_token = this.shareToken;
    else msg.design = doc;
    if (this.els.shareLive?.checked) msg.share = true;
    this.injected = [];
    this.frames = 0;
    this.lastFrame = null;
    this.lastReport = null;
    this.setState('starting');
    this.enterRunMode();
    this.timeline.reset(doc.run?.duration || 0);
    this.socket?.close();
    this.socket = openSocket('/ws/simulate/', { onMessage: (m) => this.onMessage(m), onClose: () => this.onClose() });
    this.socket.send(msg);
  }

  watch() {
    this.setState('starting');
    this.socket = openSocket(`/ws/watch/${encodeURIComponent(this.watchToken)}/`, { onMessage: (m) => this.onMessage(m), onClose: () => this.onClose() });
  }

  onMessage(m) {
    if (m.type === 'started') {
      this.runId = m.run;
      this.duration = m.duration || this.editor.design.run?.duration;
      this.timeline.reset(this.duration);
      this.timeline.plan(this.editor.design.faults);
      this.setState('running');
      if (m.watch?.url) this.showWatchLink(m.watch);
      else this.offerWatchLink();
    } else if (m.type === 'shared') {
      if (m.watch?.url && !this.watchBox) this.showWatchLink(m.watch);
    } else if (m.type === 'watching') {
      if (m.design) { this.editor.load(m.design); requestAnimationFrame(() => this.canvas.fit()); }
      this.enterRunMode();
      this.timeline.reset(m.design?.run?.duration || 0);
      // Joined late: the charts and the events start from the beginning of the run.
      for (const row of m.history || []) if (row?.global) this.charts.push(row);
      this.timeline.add(m.events || []);
      this.setState('running');
    } else if (m.type === 'frame') {
      if (this.state === 'starting') this.setState('running');
      if (typeof m.paused === 'boolean' && !this.watchToken && (this.state === 'running' || this.state === 'paused')) {
        const want = m.paused ? 'paused' : 'running';
        if (want !== this.state && performance.now() - (this.toggledAt || 0) > 1500) this.setState(want); // the server's word, once our own toggle has settled
      }
      this.onFrame(m);
    } else if (m.type === 'end') {
      this.lastReport = m.report;
      if (m.reason && m.reason !== 'completed' && m.reason !== 'stopped') this.editor.toast(m.message || `The run ended early: ${m.reason.replace(/_/g, ' ')}.`, 'warn');
      this.setState('ended');
      this.showReport(m.report);
      this.socket?.close();
    } else if (m.type === 'error') {
      if (m.problems?.length) this.editor.setProblems(m.problems);
      this.editor.toast(m.message || 'The run reported an error.', m.control ? 'warn' : 'error');
      if (m.control && !m.final) return; // one control was refused; the run plays on
      if (this.state === 'starting' || m.final || ['crashed', 'owner_left', 'not_running'].includes(m.code)) {
        if (this.frames === 0 && !this.watchToken) this.leaveRunMode(); else this.setState('ended');
      }
    } else if (m.type === 'paused') this.setState('paused');
    else if (m.type === 'resumed') this.setState('running');
  }

  onClose() {
    if (this.state === 'running' || this.state === 'starting' || this.state === 'paused') {
      this.editor.toast('The connection to the run closed.', 'warn');
      if (this.frames === 0 && !this.watchToken) this.leaveRunMode(); else this.setState('ended');
    }
  }

  onFrame(frame) {
    this.lastFrame = frame;
    this.frames += 1;
    this.paint(frame);
    this.charts?.push(frame);
    this.timeline.setTime(frame.t, frame.speed_achieved);
    this.timeline.add(frame.events);
    // The cards are written a display frame later: new text in the right panel in the same frame
    // as the overlay's writes made that frame lay out and pre-paint the canvas again (bench_canvas,
    // zoom to fit: about 6 ms more layout and 2-3 ms more pre-paint a live frame); a frame apart,
    // each costs little.
    this.cardsFrame = frame;
    if (!this.cardsPending) {
      this.cardsPending = true;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        this.cardsPending = false;
        if (this.cardsFrame) this.renderCards(this.cardsFrame);
      }));
    }
  }

  paint(frame) {
    const dark = darkPlaces([...(this.editor.design.faults || []), ...this.injected], frame.t);
    this.overlay.apply(frame, { selectedEdges: this.selectedEdges, dark, force: this.frames < 2 || this.state !== "running" });
  }

  /** Forgot to tick "Watch link" before Run: the class can still be let in while it plays. */
  offerWatchLink() {
    if (this.watchToken || this.watchBox) return;
    this.shareBtn = h('button', { class: 'btn btn-block', 'data-testid': 'share-live-now', text: 'Get a watch link for this run',
      title: 'Anyone with the link can watch the run from now on',
      onclick: () => { this.shareBtn.disabled = true; this.socket?.send({ type: 'share' }); } });
    this.els.panel.insertBefore(this.shareBtn, this.els.panel.firstChild);
  }

  showWatchLink(watch) {
    this.shareBtn?.remove();
    this.shareBtn = null;
    const url = new URL(watch.url, location.origin).href;
    const input = h('input', { type: 'text', readOnly: true, value: url, class: 'share-url', 'data-testid': 'watch-url', onfocus: (e) => e.target.select() });
    const stopSharing = h('button', { class: 'btn btn-small watch-stop', 'data-testid': 'stop-sharing', text: 'Stop sharing',
      title: 'Close this link: viewers are let go and it no longer opens the run or its report',
      onclick: () => this.stopSharing(watch.token, stopSharing) });
    const box = h('div', { class: 'watch-link' }, h('strong', { text: 'Live link: anyone with it can watch this run' }), input,
      h('button', { class: 'btn btn-small', text: 'Copy', onclick: async () => { input.select(); try { await navigator.clipboard.writeText(url); this.editor.toast('Live link copied.', 'ok'); } catch { document.execCommand('copy'); } } }),
      stopSharing);
    this.els.panel.insertBefore(box, this.els.panel.firstChild);
    this.watchBox = box;
  }

  /** Revoke the watch link (POST /api/live/<token>/revoke/); the box then says it is closed. */
  async stopSharing(token, button) {
    button.disabled = true;
    try {
      await request('POST', `/api/live/${encodeURIComponent(token)}/revoke/`);
    } catch (err) {
      button.disabled = false;
      this.editor.toast(`Could not stop sharing: ${err.message} Try again.`, 'error');
      return;
    }
    clear(this.watchBox).classList.add('is-closed');
    this.watchBox.dataset.testid = 'watch-closed';
    this.watchBox.append(h('strong', { text: 'Sharing stopped: the live link no longer opens this run or its report.' }));
    this.editor.toast('Sharing stopped. Viewers were let go.', 'ok');
  }

  togglePause() {
    if (!this.socket) return;
    this.toggledAt = performance.now();
    if (this.state === 'paused') { this.socket.send({ type: 'resume' }); this.setState('running'); } else { this.socket.send({ type: 'pause' }); this.setState('paused'); }
  }

  stop() { this.socket?.send({ type: 'stop' }); this.els.stop.disabled = true; setTimeout(() => { this.els.stop.disabled = false; }, 1500); }

  // ---- panels ------------------------------------------------------------------
  renderCards(frame) {
    const g = frame.global || {};
    const kpis = [['Requests', `${fmtNumber(g.rps)} rps`], ['p99 (ok requests)', g.ok_rps > 0 ? fmtMs(g.p99_ms) : '–'], ['Errors', fmtPercent(g.error_rate || 0)], ['Cost', `$${(g.cost_per_hour ?? 0).toFixed(2)}/h`]];
    if (!this.kpiEls) {
      this.kpiEls = kpis.map(([label]) => { const v = h('div', { class: 'kpi-value' }); this.globalCard.append(h('div', { class: 'kpi' }, h('div', { class: 'kpi-label', text: label }), v)); return v; });
    }
    kpis.forEach(([, v], i) => { this.kpiEls[i].textContent = v; });
    this.globalCard.classList.toggle('is-bad', (g.error_rate || 0) > 0.05);
    if (this.focus) this.renderNodeCard(frame);
  }

  renderNodeCard(frame) {
    const node = nodeById(this.editor.design, this.focus);
    if (!node) { clear(this.nodeCard); return; }
    const fig = frame?.nodes?.[node.id];
    const status = statusOf(fig);
    clear(this.nodeCard);
    this.nodeCard.append(
      h('div', { class: 'node-card-head' }, h('strong', { text: node.label || node.id }), h('span', { class: `status-pill status-${status}`, text: STATUS[status].label })),
      h('div', { class: 'node-card-figs' },
        fig ? h('span', { text: `${fmtNumber(fig.rps, 1)} rps` }) : null,
        fig && typeof fig.p99_ms === 'number' ? h('span', { text: `p99 ${fmtMs(fig.p99_ms)}` }) : null,
        fig && typeof fig.utilization === 'number' ? h('span', { text: `${Math.round(fig.utilization * 100)}% busy` }) : null,
        fig && fig.errors ? h('span', { text: `${fmtNumber(fig.errors)} errors` }) : null),
      h('div', { class: 'node-card-detail', text: detailLine(fig) }));
  }

  renderTraffic() {
    clear(this.traffic);
    const clients = this.editor.design.nodes.filter((n) => n.kind === 'client');
    if (!clients.length || this.watchToken) return;
    const prop = this.editor.catalogue.prop('client', 'rate') || { default: 10, max: 50000 };
    for (const c of clients) {
      const base = Number(c.props?.rate ?? prop.default ?? 10);
      const max = Math.min(prop.max ?? 50000, Math.max(100, Math.ceil(base * 5)));
      const out = h('output', { text: `${base} req/s` });
      const slider = h('input', { type: 'range', min: 0, max, step: Math.max(1, Math.round(max / 200)), value: base, 'data-testid': `traffic-${c.id}`, 'aria-label': `Traffic from ${c.label || c.id}` });
      let timer = null;
      slider.addEventListener('input', () => {
        out.textContent = `${slider.value} req/s`;
        clearTimeout(timer);
        timer = setTimeout(() => this.socket?.send({ type: 'set', node: c.id, props: { rate: Number(slider.value) } }), 120);
      });
      this.traffic.append(h('label', { class: 'traffic-row' }, h('span', { class: 'traffic-label', text: `Traffic · ${c.label || c.id}` }), slider, out));
    }
  }

  // ---- fault injection -----------------------------------------------------------
  nodeMenu(id, evt) {
    this.focus = id;
    this.renderNodeCard(this.lastFrame);
    if (this.watchToken || this.state === 'ended') return;
    const node = nodeById(this.editor.design, id);
    const kinds = (this.editor.catalogue.faultKinds || []).filter((f) => f.target === 'node' && (f.target_kinds || []).includes(node.kind));
    this.menu(evt, `${node.label || node.id}`, kinds.map((f) => ({ label: f.label, help: f.description, fault: { kind: f.kind, target: id, ...(f.needs_ms ? { ms: 200 } : {}) } })));
  }

  placeMenu(type, id, evt) {
    if (this.watchToken || this.state === 'ended') return;
    const kind = type === 'az' ? 'az_outage' : 'region_outage';
    const f = (this.editor.catalogue.faultKinds || []).find((x) => x.kind === kind) || { label: kind, description: '' };
    this.menu(evt, type === 'az' ? `Availability Zone ${id}` : `Region ${id}`, [{ label: f.label, help: f.description, fault: { kind, target: id } }]);
  }

  menu(evt, title, options) {
    this.closeMenu();
    if (!options.length) return;
    const e = evt?.originalEvent || evt || {};
    const durations = [[60, '1 min'], [120, '2 min'], [300, '5 min'], [null, 'until the end']];
    let duration = 120;
    const seg = h('div', { class: 'seg', role: 'radiogroup', 'aria-label': 'How long' }, ...durations.map(([v, label]) => h('button', {
      class: `seg-btn${v === duration ? ' is-on' : ''}`, type: 'button', text: label,
      onclick: (ev) => { duration = v; for (const b of seg.children) b.classList.remove('is-on'); ev.currentTarget.classList.add('is-on'); },
    })));
    const box = h('div', { class: 'fault-menu', 'data-testid': 'fault-menu', role: 'dialog', 'aria-label': `Make ${title} fail` },
      h('div', { class: 'fault-title' }, h('span', { text: 'Make it fail' }), h('strong', { text: title })),
      h('div', { class: 'fault-label', text: 'For' }), seg,
      ...options.map((o) => h('button', { class: 'btn btn-fault', 'data-testid': `inject-${o.fault.kind}`, title: o.help, onclick: () => { this.inject({ ...o.fault, duration }); this.closeMenu(); } },
        h('span', { class: 'bolt', 'aria-hidden': 'true', text: '⚡' }), h('span', { text: o.label }))),
      h('button', { class: 'btn btn-small fault-cancel', text: 'Cancel', onclick: () => this.closeMenu() }));
    document.body.append(box);
    const x = Math.min((e.clientX ?? 400) + 8, window.innerWidth - 300);
    const y = Math.min((e.clientY ?? 300) + 8, window.innerHeight - box.offsetHeight - 12);
    box.style.left = `${x}px`;
    box.style.top = `${y}px`;
    this.menuEl = box;
    setTimeout(() => { this.outside = (ev) => { if (!box.contains(ev.target)) this.closeMenu(); }; document.addEventListener('pointerdown', this.outside); }, 0);
  }

  closeMenu() {
    this.menuEl?.remove();
    this.menuEl = null;
    if (this.outside) document.removeEventListener('pointerdown', this.outside);
    this.outside = null;
  }

  inject(fault) {
    const clean = { kind: fault.kind, target: fault.target };
    if (fault.duration !== null && fault.duration !== undefined) clean.duration = fault.duration;
    if (fault.ms) clean.ms = fault.ms;
    this.socket?.send({ type: 'inject', fault: clean });
    const at = this.lastFrame?.t ?? 0;
    this.injected.push({ ...clean, at, duration: clean.duration ?? null });
    this.timeline.plan([{ ...clean, at }]);
    this.editor.toast(`Injected: ${fault.kind.replace(/_/g, ' ')} on ${fault.target}.`, 'warn');
    if (this.lastFrame) this.paint(this.lastFrame);
  }

  // ---- report -------------------------------------------------------------------
  showReport(report) {
    this.closeReport();
    const dlg = h('dialog', { class: 'pg-dialog report-dialog' });
    dlg.append(renderReport(report, this.editor, {
      onClose: () => { this.closeReport(); this.leaveRunMode(); },
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

const speedValue = (v) => (v === 'max' ? 'max' : Number(v));
