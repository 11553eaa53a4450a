/**
 * Edit and Delete for a scenario an instructor authored (its author, or staff: the scenario API's
 * `can_change`), on the home page's My scenarios cards and on the scenario's own page.
 *
 * Edit reopens the Make-a-scenario dialog (panels/author-dialog.js) prefilled with the scenario's
 * title, summary, story, level, hints and questions; Save sends PATCH /api/scenarios/<slug>/ with
 * those texts (its goals and scheduled faults stay), and what the server refuses is listed in the
 * dialog, which stays open. Cancel keeps what was typed for the next opening in this page.
 *
 * Delete asks first, naming the scenario; DELETE /api/scenarios/<slug>/ then removes it. While an
 * assignment sets it the server refuses (400, naming the assignments) and a second dialog says so
 * in plain words: nothing was deleted. Every text is the server's or the scenario's, set with
 * textContent.
 */
import { api, request } from '../api.js';
import { h } from './dom.js';
import { ask } from './dialog.js';
import { fmtCount } from '../model/words.js';
import { scenarioTexts, scenarioValues, textProblems } from '../model/authoring.js';
import { scenarioDialog, scenarioFields } from './author-dialog.js';

const drafts = new Map(); // slug -> what was typed and cancelled, kept across openings
const url = (slug) => `/api/scenarios/${encodeURIComponent(slug)}/`;

/** Opens Edit for `scenario` (GET /api/scenarios/<slug>/); `onSaved(card)` after a PATCH. */
export function openEditDialog({ scenario, onSaved }) {
  const start = drafts.get(scenario.slug) || scenarioValues(scenario);
  const goals = (scenario.goals || []).length;
  const faults = (scenario.document?.faults || []).length;
  const intro = h('p', { class: 'author-copies', 'data-testid': 'author-counts' },
    h('strong', { text: `Its ${fmtCount(goals, 'goal')}, ${fmtCount(faults, 'scheduled fault')}` }),
    h('span', { text: ' stay as they are. Students who have the link see the new texts the next time they open it; its link does not change.' }));
  const { close } = scenarioDialog({
    heading: `Edit "${scenario.title}"`, intro, fields: scenarioFields(start),
    submit: { text: 'Save changes', testid: 'author-save' }, busy: 'Saving…',
    onCancel: (values) => { drafts.set(scenario.slug, values); },
    send: async (values) => {
      const body = scenarioTexts(values);
      const problems = textProblems(body);
      if (problems.length) return { heading: 'Fix these first:', problems };
      const saved = await request('PATCH', url(scenario.slug), body);
      drafts.delete(scenario.slug);
      close();
      onSaved(saved);
      return null;
    },
  });
}

/**
 * Asks before deleting the scenario {slug, title}: true once it is gone; false when the person
 * kept it or the server refused (then a dialog says why, in the server's words).
 */
export async function confirmDelete({ slug, title }) {
  const choice = await ask({
    title: `Delete "${title}"?`, testid: 'delete-scenario-dialog',
    body: ['Its link stops working for everyone who has it. Copies students already started stay theirs, graded on the goals they have. This cannot be undone.'],
    buttons: [
      { label: 'Keep it', value: false, testid: 'delete-scenario-cancel' },
      { label: 'Delete scenario', value: true, danger: true, testid: 'delete-scenario-confirm' }],
  });
  if (!choice) return false;
  try {
    await request('DELETE', url(slug));
    return true;
  } catch (err) {
    await ask({
      title: 'Not deleted', testid: 'delete-scenario-refused', body: [err.message],
      buttons: [{ label: 'OK', value: true, primary: true, testid: 'delete-scenario-ok' }],
    });
    return false;
  }
}

/**
 * Edit and Delete buttons for the scenario {slug, title}: Edit fetches it and opens the dialog,
 * `onSaved(card)` after a save, `onDeleted()` once it is gone; `say(text)` tells of a failure.
 */
export function scenarioButtons({ slug, title, onSaved, onDeleted, say }) {
  let name = title;
  const edit = h('button', { type: 'button', class: 'btn', text: 'Edit', 'data-testid': 'scenario-edit' });
  const del = h('button', { type: 'button', class: 'btn btn-danger', text: 'Delete', 'data-testid': 'scenario-delete' });
  edit.addEventListener('click', async () => {
    edit.disabled = true;
    try {
      const scenario = await api.scenario(slug);
      openEditDialog({ scenario, onSaved: (card) => { name = card.title; onSaved(card); } });
    } catch (err) {
      say(`Could not open it: ${err.message}`);
    } finally {
      edit.disabled = false;
    }
  });
  del.addEventListener('click', async () => {
    del.disabled = true;
    try {
      if (await confirmDelete({ slug, title: name })) onDeleted();
    } finally {
      del.disabled = false;
    }
  });
  return [edit, del];
}

/** On the scenario's own page, for whom may change it: "Your scenario" with Edit and Delete in
 * the page's banner; a save reloads the page (its story and questions as students now see
 * them), a delete goes home. */
export function mountAuthorActions({ banner, scenario, say }) {
  const [edit, del] = scenarioButtons({
    slug: scenario.slug, title: scenario.title, say,
    onSaved: () => location.reload(),
    onDeleted: () => location.assign('/'),
  });
  banner.classList.add('banner-yours');
  banner.append(h('span', { class: 'banner-yours-actions', 'data-testid': 'scenario-owner-actions' }, h('strong', { text: 'Your scenario:' }), edit, del));
}
