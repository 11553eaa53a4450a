/**
 * The inspector, generated from the catalogue: every prop of the selected component with its
 * unit, range, default and help; a value is checked as it is typed and flagged when invalid
 * (an invalid value is never written to the design). With nothing selected it shows the design:
 * name, run settings, Regions and AZs.
 */
import { h, clear } from './dom.js';
import { checkValue, propTitle } from '../model/catalogue.js';
import { nodeById, edgeById, nextRegionId, nextAzId } from '../model/design.js';
import { problemsByTarget, describe } from '../model/problems.js';
import { fmtCount, fmtRange } from '../model/words.js';
import { gradedFaults } from '../model/locked.js';
import {
  SetNodePropCommand, SetEdgePropCommand, SetNodeFieldCommand, SetDesignFieldCommand, RemoveCellsCommand,
  AddRegionCommand, RemoveRegionCommand, AddAZCommand, RemoveAZCommand,
} from '../commands/index.js';

export class Inspector {
  constructor(host, editor, icons) {
    this.host = host;
    this.editor = editor;
    this.icons = icons;
    this.typing = false;
    editor.signals.selectionChanged.add(() => this.render());
    editor.signals.designChanged.add(() => { if (!this.typing) this.render(); });
    editor.signals.problemsChanged.add(() => this.render());
    this.render();
  }

  run(cmd) { this.typing = true; try { this.editor.execute(cmd); } finally { this.typing = false; } }

  render() {
    const active = document.activeElement;
    const focusKey = active?.dataset?.field;
    const caret = focusKey && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
    const scroll = this.host.parentElement?.scrollTop;
    clear(this.host);
    const sel = this.editor.selection;
    const problems = problemsByTarget(this.editor.design, this.editor.problems);
    if (sel.nodes.length === 1 && sel.edges.length === 0) this.renderNode(nodeById(this.editor.design, sel.nodes[0]), problems);
    else if (sel.edges.length === 1 && sel.nodes.length === 0) this.renderEdge(edgeById(this.editor.design, sel.edges[0]), problems);
    else if (sel.nodes.length + sel.edges.length > 1) this.renderMany(sel);
    else if (sel.container) this.renderContainer(sel.container, problems);
    else this.renderDesign(problems);
    if (focusKey) {
      const el = this.host.querySelector(`[data-field="${CSS.escape(focusKey)}"]`);
      if (el) { el.focus(); if (caret && el.setSelectionRange) try { el.setSelectionRange(caret[0], caret[1]); } catch { /* not a text input */ } }
    }
    if (scroll !== undefined && focusKey) this.host.parentElement.scrollTop = scroll;
  }

  // ---- a component -------------------------------------------------------------
  renderNode(node, problems) {
    if (!node) return this.renderDesign(problems);
    const cat = this.editor.catalogue;
    const kind = cat.kind(node.kind);
    const ro = this.editor.readOnly;
    this.host.append(h('div', { class: 'insp-head' },
      h('img', { src: this.icons[node.kind] || this.icons.generic, alt: '', width: 44, height: 44 }),
      h('div', {}, h('div', { class: 'insp-kind', text: kind?.label || node.kind }), h('div', { class: 'insp-desc', text: kind?.description || '' }))));
    this.problemList(problems.nodes.get(node.id));
    const form = h('div', { class: 'insp-form' });
    form.append(this.textField('Name', node.label || '', node.id, (v) => this.run(new SetNodeFieldCommand(this.editor, node.id, 'label', v.trim() || undefined)), 'label', ro));
    form.append(h('div', { class: 'field' }, h('span', { class: 'field-label', text: 'Id' }), h('code', { class: 'field-static', text: node.id })));
    form.append(this.placementField(node, kind));
    const flagged = new Map((problems.nodes.get(node.id) || []).filter((p) => p.field.startsWith('props.')).map((p) => [p.field.slice(6), p.message]));
    for (const prop of kind?.props || []) {
      if (!cat.applies(node.kind, prop, node.props) && !flagged.has(prop.name)) continue;
      form.append(this.propField(prop, node.props?.[prop.name], (value) => this.run(new SetNodePropCommand(this.editor, node.id, prop.name, value)), `prop:${prop.name}`, ro, flagged.get(prop.name)));
    }
    this.host.append(form);
    if (!ro) this.host.append(h('button', { class: 'btn btn-danger btn-block', text: 'Delete component', onclick: () => this.editor.execute(new RemoveCellsCommand(this.editor, { nodes: [node.id] })) }));
  }

  placementField(node, kind) {
    const p = node.placement || {};
    if (!p.region) return h('div', { class: 'field' }, h('span', { class: 'field-label', text: 'Placement' }), h('span', { class: 'field-static', text: 'Global: outside any Region' }));
    if (p.az) return h('div', { class: 'field' }, h('span', { class: 'field-label', text: 'Placement' }), h('span', { class: 'field-static', text: `${p.region} · ${p.az}` }), h('p', { class: 'help', text: 'Drag it into another AZ column to move it.' }));
    const region = this.editor.design.regions.find((r) => r.id === p.region);
    const chosen = new Set(p.azs || region?.azs || []);
    const boxes = (region?.azs || []).map((az) => h('label', { class: 'chip-check' },
      h('input', { type: 'checkbox', checked: chosen.has(az), disabled: this.editor.readOnly, onchange: (e) => {
        const next = new Set(chosen);
        if (e.target.checked) next.add(az); else next.delete(az);
        const azs = region.azs.filter((a) => next.has(a));
        const placement = azs.length === region.azs.length ? { region: p.region } : { region: p.region, azs };
        this.run(new SetNodeFieldCommand(this.editor, node.id, 'placement', placement));
        this.render();
      } }), h('span', { text: az })));
    return h('div', { class: 'field' }, h('span', { class: 'field-label', text: `Placement: ${p.region}` }), h('div', { class: 'chips' }, ...boxes),
      h('p', { class: 'help', text: `${kind?.label || 'It'} runs in the AZs ticked here (all of them when every box is ticked).` }));
  }

  // ---- an edge -------------------------------------------------------------------
  renderEdge(edge, problems) {
    if (!edge) return this.renderDesign(problems);
    const d = this.editor.design;
    const a = nodeById(d, edge.from);
    const b = nodeById(d, edge.to);
    this.host.append(h('div', { class: 'insp-head' }, h('div', {},
      h('div', { class: 'insp-kind', text: 'Connection' }),
      h('div', { class: 'insp-desc', text: `${a?.label || edge.from} → ${b?.label || edge.to}` }))));
    this.problemList(problems.edges.get(edge.id));
    const form = h('div', { class: 'insp-form' });
    for (const prop of this.editor.catalogue.edgeProps) {
      if ((prop.name === 'weight' || prop.name === 'role') && a?.kind !== 'route53') continue;
      form.append(this.propField(prop, edge.props?.[prop.name], (value) => this.run(new SetEdgePropCommand(this.editor, edge.id, prop.name, value)), `edge:${prop.name}`, this.editor.readOnly));
    }
    this.host.append(form, h('p', { class: 'help', text: 'Solid line: synchronous (the caller waits). Dashed line: asynchronous (hand over and move on).' }));
    if (!this.editor.readOnly) this.host.append(h('button', { class: 'btn btn-danger btn-block', text: 'Delete connection', onclick: () => this.editor.execute(new RemoveCellsCommand(this.editor, { edges: [edge.id] })) }));
  }

  renderMany(sel) {
    this.host.append(h('div', { class: 'insp-head' }, h('div', {}, h('div', { class: 'insp-kind', text: `${sel.nodes.length + sel.edges.length} selected` }),
      h('div', { class: 'insp-desc', text: 'Drag one to move them together. Ctrl+C / Ctrl+V copies them.' }))));
    if (!this.editor.readOnly) this.host.append(h('button', { class: 'btn btn-danger btn-block', text: 'Delete selected', onclick: () => this.editor.execute(new RemoveCellsCommand(this.editor, { nodes: sel.nodes, edges: sel.edges })) }));
  }

  // ---- a Region or an AZ ---------------------------------------------------------
  renderContainer(c, problems) {
    const d = this.editor.design;
    const ro = this.editor.readOnly;
    if (c.type === 'region') {
      const r = d.regions.find((x) => x.id === c.id);
      if (!r) return this.renderDesign(problems);
      const inside = d.nodes.filter((n) => n.placement?.region === r.id).length;
      this.host.append(h('div', { class: 'insp-head' }, h('div', {}, h('div', { class: 'insp-kind', text: `Region ${r.id}` }), h('div', { class: 'insp-desc', text: `${this.editor.catalogue.regionName(r.id)} · ${fmtCount(r.azs.length, 'AZ')} · ${fmtCount(inside, 'component')}` }))));
      this.problemList(problems.regions.get(r.id));
      if (!ro) {
        this.host.append(h('button', { class: 'btn btn-block', 'data-testid': 'add-az', text: '+ Add Availability Zone', onclick: () => this.addAz(r.id) }));
        this.host.append(h('button', { class: 'btn btn-danger btn-block', text: 'Remove Region', onclick: () => this.editor.execute(new RemoveRegionCommand(this.editor, r.id)) }));
        if (inside) this.host.append(h('p', { class: 'help', text: `Removing it removes its ${fmtCount(inside, 'component')} too (Undo brings them back).` }));
      }
      return;
    }
    const region = d.regions.find((x) => x.azs.includes(c.id));
    const inside = d.nodes.filter((n) => n.placement?.az === c.id).length;
    this.host.append(h('div', { class: 'insp-head' }, h('div', {}, h('div', { class: 'insp-kind', text: `Availability Zone ${c.id}` }), h('div', { class: 'insp-desc', text: `In ${region?.id || '?'} · ${fmtCount(inside, 'component')} placed here` }))));
    this.problemList(problems.regions.get(c.id));
    if (!ro && region) this.host.append(h('button', { class: 'btn btn-danger btn-block', text: 'Remove AZ', onclick: () => this.editor.execute(new RemoveAZCommand(this.editor, region.id, c.id)) }));
  }

  addAz(regionId) {
    const max = this.editor.catalogue.limits.max_azs_per_region || 6;
    const r = this.editor.design.regions.find((x) => x.id === regionId);
    if (r.azs.length >= max) { this.editor.toast(`A Region here has at most ${max} AZs.`, 'warn'); return; }
    this.editor.execute(new AddAZCommand(this.editor, regionId, nextAzId(this.editor.design, regionId)));
  }

  // ---- the design -----------------------------------------------------------------
  renderDesign(problems) {
    const d = this.editor.design;
    const ro = this.editor.readOnly;
    this.host.append(h('div', { class: 'insp-head' }, h('div', {}, h('div', { class: 'insp-kind', text: 'Design' }), h('div', { class: 'insp-desc', text: 'Select a component, a connection, a Region or an AZ to edit it.' }))));
    if (problems.design.length || this.editor.problems.length) {
      const all = this.editor.problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`);
      this.host.append(h('div', { class: 'problems', 'data-testid': 'problems' }, h('strong', { text: `${fmtCount(all.length, 'problem')} to fix before Run` }), h('ul', {}, ...all.slice(0, 12).map((t) => h('li', { text: t })))));
    }
    const form = h('div', { class: 'insp-form' });
    const lock = this.editor.lock;
    for (const name of ['duration', 'seed', 'warmup']) {
      const prop = (this.editor.catalogue.data.run_props || []).find((p) => p.name === name) || { name, type: name === 'seed' ? 'int' : 'float', unit: name === 'seed' ? null : 's', min: 0 };
      const locked = lock && name !== 'seed' && lock.run?.[name] !== undefined; // the scenario's run length: its faults fall inside it
      form.append(this.propField({ ...prop, label: `Run ${name}`, help: locked ? 'Set by the scenario: every run and check of this design lasts this long.' : prop.help }, locked ? lock.run[name] : d.run?.[name], (v) => this.run(new SetDesignFieldCommand(this.editor, `run.${name}`, v)), `run:${name}`, ro || locked));
    }
    this.host.append(form);
    this.host.append(this.faultsSection());
    const regions = h('div', { class: 'insp-regions' }, h('div', { class: 'panel-subtitle', text: 'Regions and Availability Zones' }));
    for (const r of d.regions) {
      regions.append(h('div', { class: 'region-row' },
        h('button', { class: 'linklike', text: r.id, onclick: () => this.editor.select({ container: { type: 'region', id: r.id } }) }),
        h('span', { class: 'muted', text: ` ${fmtCount(r.azs.length, 'AZ')}` }),
        ro ? null : h('button', { class: 'btn btn-small', text: '+ AZ', title: `Add an AZ to ${r.id}`, onclick: () => this.addAz(r.id) })));
    }
    if (!ro) regions.append(h('button', { class: 'btn btn-block', 'data-testid': 'add-region', text: '+ Add Region', onclick: () => {
      const max = this.editor.catalogue.limits.max_regions || 6;
      if (d.regions.length >= max) { this.editor.toast(`A design has at most ${max} Regions.`, 'warn'); return; }
      const id = nextRegionId(d);
      this.editor.execute(new AddRegionCommand(this.editor, id, [`${id}a`, `${id}b`]));
      this.editor.signals.fitRequested.dispatch();
    } }));
    this.host.append(regions);
    this.host.append(h('p', { class: 'help shortcuts' }, 'Keyboard shortcuts: press ',
      h('button', { class: 'linklike', 'data-testid': 'open-help', text: '?', onclick: () => document.dispatchEvent(new CustomEvent('pg:help')) }),
      ' · every command: Ctrl+K'));
  }

  /** Failures scheduled in the design: what fails, when, for how long. */
  faultsSection() {
    const d = this.editor.design;
    const kinds = this.editor.catalogue.faultKinds || [];
    const label = (k) => kinds.find((f) => f.kind === k)?.label || k;
    const box = h('div', { class: 'insp-faults', 'data-testid': 'faults' }, h('div', { class: 'panel-subtitle', text: 'Scheduled failures' }));
    const faults = d.faults || [];
    const graded = gradedFaults(faults, this.editor.lock); // the scenario's first, locked
    if (!graded.length) box.append(h('p', { class: 'help', text: 'None yet. Schedule one to see how the design copes, or click things during a run.' }));
    graded.forEach(({ item: f, locked, index }) => box.append(h('div', { class: `fault-row${locked ? ' is-locked' : ''}`, 'data-testid': locked ? 'fault-locked' : 'fault-own' },
      h('span', { text: `${label(f.kind)} · ${f.target} at ${f.at} s${f.duration ? ` for ${f.duration} s` : ''}${f.ms ? ` (+${f.ms} ms)` : ''}` }),
      locked ? h('span', { class: 'scenario-tag', title: 'The scenario schedules this failure: every run and check of this design plays it.', text: 'scenario' }) : null,
      this.editor.readOnly || locked ? null : h('button', { class: 'goal-remove', text: '✕', 'aria-label': 'Remove this failure',
        onclick: () => this.editor.execute(new SetDesignFieldCommand(this.editor, 'faults', faults.filter((_, j) => j !== index))) }))));
    if (this.editor.readOnly || !kinds.length) return box;
    const kind = h('select', { 'aria-label': 'Failure', 'data-testid': 'fault-kind' }, ...kinds.map((f) => h('option', { value: f.kind, text: f.label })));
    const target = h('select', { 'aria-label': 'What fails', 'data-testid': 'fault-target' });
    const at = h('input', { type: 'text', inputmode: 'decimal', value: '60', 'aria-label': 'At (s)', title: 'At (simulated seconds)' });
    const duration = h('input', { type: 'text', inputmode: 'decimal', value: '120', 'aria-label': 'For (s)', title: 'For how long (s); empty: until the end' });
    const ms = h('input', { type: 'text', inputmode: 'decimal', value: '200', 'aria-label': 'Added latency (ms)', title: 'Added latency (ms)' });
    const fill = () => {
      const spec = kinds.find((f) => f.kind === kind.value);
      clear(target);
      const options = spec.target === 'az' ? d.regions.flatMap((r) => r.azs)
        : spec.target === 'region' ? d.regions.map((r) => r.id)
          : d.nodes.filter((n) => !(spec.target_kinds || []).length || spec.target_kinds.includes(n.kind)).map((n) => n.id);
      for (const o of options) target.append(h('option', { value: o, text: o }));
      if (!options.length) target.append(h('option', { value: '', text: spec.target === 'node' || !spec.target ? 'no component yet' : 'nothing to fail yet' }));
      target.disabled = !options.length;
      add.disabled = !options.length;
      ms.hidden = !spec.needs_ms;
    };
    const add = h('button', { class: 'btn btn-small', type: 'submit', text: '+ Schedule failure', 'data-testid': 'fault-add' });
    kind.addEventListener('change', fill);
    fill();
    const formEl = h('form', { class: 'goal-form fault-form', 'data-testid': 'fault-form' },
      kind, target, h('label', { class: 'mini' }, h('span', { text: 'at s' }), at), h('label', { class: 'mini' }, h('span', { text: 'for s' }), duration), ms, add);
    formEl.addEventListener('submit', (e) => {
      e.preventDefault();
      const spec = kinds.find((f) => f.kind === kind.value);
      const t = Number(at.value);
      const dur = duration.value.trim() === '' ? null : Number(duration.value);
      if (!target.value || !Number.isFinite(t) || t < 0 || (dur !== null && !(dur > 0))) { this.editor.toast('A failure needs a target, a time from 0 and a positive duration (or none).', 'warn'); return; }
      const fault = { at: t, kind: spec.kind, target: target.value };
      if (dur !== null) fault.duration = dur;
      if (spec.needs_ms) fault.ms = Number(ms.value) || 200;
      this.editor.execute(new SetDesignFieldCommand(this.editor, 'faults', [...faults, fault]));
    });
    box.append(formEl);
    return box;
  }

  problemList(list) {
    if (!list || !list.length) return;
    this.host.append(h('div', { class: 'problems', 'data-testid': 'problems' }, h('strong', { text: 'Fix before Run' }), h('ul', {}, ...list.map((p) => h('li', { text: describe(p) })))));
  }

  // ---- fields -------------------------------------------------------------------
  textField(label, value, placeholder, commit, key, ro) {
    const input = h('input', { type: 'text', value, placeholder, 'data-field': key, disabled: ro, 'aria-label': label });
    input.addEventListener('input', () => commit(input.value));
    return h('label', { class: 'field' }, h('span', { class: 'field-label', text: label }), input);
  }

  propField(prop, value, commit, key, ro, serverError = '') {
    const type = prop.type || 'string';
    const title = propTitle(prop);
    const err = h('p', { class: 'field-error', role: 'alert' });
    const def = prop.default;
    let input;
    const choices = type === 'region' ? this.editor.catalogue.regions.map((r) => r.id) : prop.choices;
    if (type === 'bool' || type === 'boolean') {
      input = h('input', { type: 'checkbox', checked: value ?? def ?? false, disabled: ro });
      input.addEventListener('change', () => commit(input.checked === (def ?? false) ? undefined : input.checked));
    } else if (Array.isArray(choices) && choices.length) {
      input = h('select', { disabled: ro },
        h('option', { value: '', text: def !== undefined && def !== null ? `${def} (default)` : '(default)' }),
        ...choices.map((c) => h('option', { value: String(c), text: String(c), selected: value !== undefined && String(value) === String(c) })));
      input.addEventListener('change', () => commit(input.value === '' ? undefined : checkValue({ ...prop, choices }, input.value).value));
    } else {
      const numeric = ['int', 'integer', 'float', 'number'].includes(type);
      input = h('input', { type: 'text', inputmode: numeric ? 'decimal' : 'text', value: value ?? '', placeholder: def !== undefined && def !== null ? String(def) : 'auto', disabled: ro });
      input.addEventListener('input', () => {
        const r = checkValue(prop, input.value);
        input.setAttribute('aria-invalid', String(!r.ok));
        input.closest('.field').classList.toggle('is-invalid', !r.ok);
        err.textContent = r.ok ? '' : `${prop.name} ${r.message}`;
        if (r.ok) commit(r.value);
      });
    }
    input.dataset.field = key;
    input.dataset.testid = `field-${prop.name}`;
    input.setAttribute('data-testid', `field-${prop.name}`);
    const range = fmtRange(prop.min, prop.max, prop.unit);
    if (serverError) { err.textContent = `${prop.name} ${serverError}`; input.setAttribute('aria-invalid', 'true'); }
    return h('label', { class: `field${serverError ? ' is-invalid' : ''}` },
      h('span', { class: 'field-label' }, h('span', { text: title }), range ? h('span', { class: 'field-range', text: range }) : null),
      input, err, prop.help ? h('p', { class: 'help', text: prop.help }) : null);
  }
}
