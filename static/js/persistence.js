/**
 * Autosave through the API with optimistic concurrency, and a local draft that survives a reload
 * or a lost connection. Every change writes the draft to localStorage at once; a moment later the
 * document is PUT with the `version` last read. A stale version (409) is never overwritten
 * silently: the learner chooses "keep mine" (save over it as the new version) or "load theirs".
 */
import { api } from './api.js';
import { ReplaceDesignCommand } from './commands/index.js';
import { draftEnvelope, readDraft, sameDocument, serialize } from './model/design.js';
import { Signal } from './model/signal.js';
import { ask } from './panels/dialog.js';
import { h } from './panels/dom.js';

const DELAY_MS = 700;

export class Persistence {
  constructor(editor, { designId, version }) {
    this.editor = editor;
    this.designId = designId;
    this.version = version;
    this.state = 'saved';
    this.stateChanged = new Signal();
    this.timer = null;
    this.saving = false;
    this.again = false;
    this.retryMs = 2000;
    this.serverDocument = null; // the document as the server has it at `version`, once known
    this.key = `playground:draft:${designId}`;
    editor.signals.designChanged.add((cmd) => { if (cmd) this.changed(); });
    window.addEventListener('online', () => { if (this.state === 'offline') this.save(); });
  }

  setState(s, detail = '') { this.state = s; this.detail = detail; this.stateChanged.dispatch(s, detail); }

  changed() {
    if (!this.saving && this.matchesServer()) { // undone back to what the server has: nothing to save
      clearTimeout(this.timer);
      this.clearDraft();
      if (this.state !== 'conflict') this.setState('saved');
      return;
    }
    this.writeDraft();
    this.setState('unsaved');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), DELAY_MS);
  }

  matchesServer() { return this.serverDocument !== null && sameDocument(this.serverDocument, this.editor.design); }

  writeDraft() {
    try { localStorage.setItem(this.key, JSON.stringify(draftEnvelope({ designId: this.designId, baseVersion: this.version, document: this.editor.design }))); } catch { /* storage full or blocked: the server copy still saves */ }
  }

  clearDraft() { try { localStorage.removeItem(this.key); } catch { /* ignore */ } }

  readDraft() { try { return readDraft(localStorage.getItem(this.key)); } catch { return null; } }

  async save() {
    clearTimeout(this.timer);
    if (this.state === 'conflict') return;
    if (this.saving) { this.again = true; return; }
    if (this.matchesServer()) { this.clearDraft(); this.setState('saved'); return; }
    this.saving = true;
    this.setState('saving');
    const document = serialize(this.editor.design);
    try {
      const res = await api.saveDesign(this.designId, { name: document.name || 'Untitled design', document, version: this.version });
      this.version = res.version;
      this.serverDocument = document;
      this.retryMs = 2000;
      if (sameDocument(document, this.editor.design)) { this.clearDraft(); this.setState('saved'); } else this.writeDraft();
    } catch (err) {
      if (err.status === 409) { this.saving = false; await this.conflict(err.body.current_version); return; }
      if (err.status === 429) {
        // The server asked to wait (a throttle): nothing is lost, the save is tried again then.
        const waitS = err.retryAfter || Math.round(this.retryMs / 1000);
        this.setState('offline', `Not saved yet: the server asked to wait ${waitS} s. Your changes are kept on this device and saved then.`);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.save(), waitS * 1000);
      } else if (err.status === 0 || err.status >= 500) {
        this.setState('offline', 'Not saved: no connection. Your changes are kept on this device.');
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.save(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 30000);
      } else {
        this.setState('error', err.message);
        this.editor.toast(`Not saved: ${err.message}`, 'error');
      }
    } finally {
      this.saving = false;
    }
    if (this.again) { this.again = false; this.save(); }
  }

  /** Someone else saved a newer version: ask, never overwrite silently. */
  async conflict(currentVersion, { reason } = {}) {
    this.serverDocument = null; // the server moved on to a document this page has not read
    this.setState('conflict');
    const choice = await ask({
      title: 'This design was changed somewhere else',
      testid: 'conflict-dialog',
      body: [
        reason || `Version ${currentVersion} was saved from another tab or device while you were editing version ${this.version}.`,
        h('p', { class: 'muted', text: 'Keep mine: your copy is saved as the newest version, over theirs. Load theirs: their copy replaces what you see here; Undo (Ctrl+Z) brings yours back.' }),
      ],
      buttons: [
        { label: 'Load theirs', value: 'theirs', testid: 'conflict-load-theirs' },
        { label: 'Keep mine', value: 'mine', primary: true, testid: 'conflict-keep-mine' },
      ],
    });
    if (choice === 'mine') {
      this.version = currentVersion;
      this.setState('unsaved');
      await this.save();
    } else {
      const server = await api.getDesign(this.designId);
      this.version = server.version;
      this.serverDocument = server.document;
      this.setState('saved');
      // A step in the history like any other: undo brings your copy back (and saves it over theirs).
      this.editor.execute(new ReplaceDesignCommand(this.editor, server.document, `Load version ${server.version}`));
      this.clearDraft();
      // The dialog hands focus back to the field being typed in, whose own Ctrl+Z would undo
      // letters of an old value, not the load: the editor takes the keys again.
      if (document.activeElement?.matches?.('input, textarea, select')) document.activeElement.blur();
      this.editor.toast(`Loaded version ${server.version}. Undo (Ctrl+Z) brings your copy back.`, 'ok');
    }
  }

  /** At start: prefer an unsaved local draft of the same version; ask when the server moved on. */
  async reconcile(server) {
    this.serverDocument = server.document;
    const draft = this.readDraft();
    if (!draft || sameDocument(draft.document, server.document)) { this.clearDraft(); return; }
    if (draft.baseVersion === server.version) {
      this.editor.load(draft.document);
      this.editor.toast('Restored changes that had not reached the server yet.', 'ok');
      this.setState('unsaved');
      this.save();
      return;
    }
    this.editor.load(draft.document);
    await this.conflict(server.version, { reason: `This device has unsaved changes made on version ${draft.baseVersion}, but the server now has version ${server.version}.` });
  }
}
