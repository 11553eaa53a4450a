/**
 * My designs on the home page: a card per design, last changed first, each with a thumbnail
 * drawn from its outline, the scenario it attempts (by title) and when it changed, and Rename
 * (in place: Enter or leaving the field saves, Escape keeps the old name), Duplicate ("Copy of
 * <name>", POST /api/designs/{id}/duplicate/) and Delete (after a confirmation naming it, with
 * the version last read, so a stale tab deletes nothing newer). Every outcome is said in the
 * section's status line; a refusal says why and changes nothing. Logic: model/designs.js.
 */
import { api, ApiError, items } from '../api.js';
import { byLastChange, checkedName, designLines, UNTITLED, NAME_MAX } from '../model/designs.js';
import { ask } from './dialog.js';
import { h, clear } from './dom.js';
import { thumbnail } from './thumbnail.js';

const href = (d) => `/play/${encodeURIComponent(d.id)}/`;

export class MyDesigns {
  /** host: the cards' container; status: the section's live status line; designs: GET /api/designs/. */
  constructor({ host, status, designs }) {
    Object.assign(this, { host, status });
    this.designs = byLastChange(designs);
  }

  names() { return this.designs.map((d) => d.name); }

  say(text, kind = 'info') {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  render(focus = null) {
    clear(this.host);
    if (!this.designs.length) {
      this.host.append(h('p', { class: 'muted', 'data-testid': 'designs-empty', text: 'Nothing yet: start a blank design or open a scenario.' }));
      return;
    }
    for (const d of this.designs) this.host.append(this.card(d));
    if (focus) this.host.querySelector(`[data-id="${CSS.escape(focus.id)}"] [data-testid="${focus.testid}"]`)?.focus();
  }

  card(d) {
    const lines = designLines(d);
    const title = h('h3', { class: 'design-title' }, h('a', { href: href(d), 'data-testid': 'design-open', text: d.name || UNTITLED }));
    const card = h('article', { class: 'card card-design', 'data-testid': 'design-card', dataset: { id: d.id } },
      h('a', { class: 'card-thumb', href: href(d), tabindex: '-1', 'aria-hidden': 'true' }, thumbnail(d.outline)),
      title,
      lines.scenario ? h('p', { class: 'design-scenario', 'data-testid': 'design-scenario', text: lines.scenario }) : null,
      h('p', { class: 'muted small', 'data-testid': 'design-changed', title: new Date(d.updated).toLocaleString(), text: `${lines.changed} · version ${d.version}` }),
      h('div', { class: 'design-actions', role: 'group', 'aria-label': `Actions for ${d.name}` },
        h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'design-rename', text: 'Rename', onclick: () => this.startRename(d, card, title) }),
        h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'design-duplicate', text: 'Duplicate', onclick: (e) => this.duplicate(d, e.currentTarget) }),
        h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-testid': 'design-delete', text: 'Delete', onclick: () => this.remove(d) })));
    return card;
  }

  startRename(d, card, title) {
    const error = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'rename-error', hidden: true });
    const input = h('input', { class: 'rename-input', 'data-testid': 'rename-input', value: d.name, maxlength: String(NAME_MAX + 50), 'aria-label': `New name for ${d.name}` });
    let done = false;
    const finish = async (save) => {
      if (done) return;
      const checked = checkedName(input.value);
      if (save && checked.ok && checked.name !== d.name) {
        done = true;
        input.disabled = true;
        if (!(await this.rename(d, checked.name))) { done = false; input.disabled = false; input.focus(); }
        return;
      }
      if (save && !checked.ok) { error.textContent = checked.error; error.hidden = false; input.setAttribute('aria-invalid', 'true'); input.focus(); return; }
      done = true;
      this.render({ id: d.id, testid: 'design-rename' });
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); finish(true); }
      if (e.key === 'Escape') { e.preventDefault(); finish(false); }
    });
    input.addEventListener('blur', () => { if (!done && error.hidden) finish(true); });
    title.replaceWith(h('div', { class: 'rename-row' }, input, error));
    card.querySelector('.design-actions').hidden = true;
    input.focus();
    input.select();
  }

  async rename(d, name) {
    try {
      const saved = await api.renameDesign(d.id, name, d.version);
      Object.assign(d, { name: saved.name, version: saved.version, updated: saved.updated });
      this.designs = byLastChange(this.designs);
      this.render({ id: d.id, testid: 'design-rename' });
      this.say(`Renamed to “${saved.name}”.`, 'ok');
      return true;
    } catch (err) {
      this.say(this.refusal('rename', d, err), 'error');
      if (err instanceof ApiError && (err.status === 404 || err.status === 409)) { await this.reload(); return true; }
      return false;
    }
  }

  async duplicate(d, button) {
    button.disabled = true;
    try {
      const copy = await api.duplicateDesign(d.id);
      this.designs = byLastChange([{ ...copy, outline: d.outline, scenario_title: d.scenario_title }, ...this.designs]);
      this.render({ id: copy.id, testid: 'design-open' });
      this.say(`Made “${copy.name}”: it is first in the list.`, 'ok');
    } catch (err) {
      button.disabled = false;
      this.say(this.refusal('duplicate', d, err), 'error');
      if (err instanceof ApiError && err.status === 404) await this.reload();
    }
  }

  async remove(d) {
    const choice = await ask({
      title: `Delete “${d.name}”?`,
      body: ['The design goes for good; this cannot be undone. Its share links and past runs keep their copies. Duplicate it first to keep a copy.'],
      testid: 'delete-dialog',
      buttons: [{ label: 'Cancel', value: false, testid: 'delete-cancel' }, { label: 'Delete', value: true, primary: true, danger: true, testid: 'delete-confirm' }],
    });
    if (!choice) { this.host.querySelector(`[data-id="${CSS.escape(d.id)}"] [data-testid=design-delete]`)?.focus(); return; }
    try {
      await api.deleteDesign(d.id, d.version);
      const at = this.designs.indexOf(d);
      this.designs = this.designs.filter((x) => x !== d);
      const next = this.designs[Math.min(at, this.designs.length - 1)];
      this.render(next ? { id: next.id, testid: 'design-delete' } : null);
      this.say(`Deleted “${d.name}”.`, 'ok');
    } catch (err) {
      this.say(this.refusal('delete', d, err), 'error');
      if (err instanceof ApiError && (err.status === 404 || err.status === 409)) await this.reload();
    }
  }

  refusal(what, d, err) {
    if (err instanceof ApiError && err.status === 409) return `“${d.name}” was saved in another tab since this page read it: nothing changed. The list is fresh now; ${what} it again if you still mean to.`;
    if (err instanceof ApiError && err.status === 404) return `“${d.name}” is no longer there (deleted in another tab?): the list is fresh now.`;
    const why = err instanceof ApiError && err.problems.length ? err.problems.map((p) => p.message).join('; ') : err.message;
    return `Could not ${what} “${d.name}”: ${why}`;
  }

  async reload() {
    try {
      this.designs = byLastChange(items(await api.listDesigns()));
      this.render();
    } catch { /* the status already says what went wrong */ }
  }
}
