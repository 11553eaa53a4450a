/** The home page: the scenario gallery (panels/gallery.js, the shipped library), a new blank
 * design (named apart from the learner's others), an instructor's own scenarios (GET
 * /api/scenarios/?mine=1: edit, delete, assign each), my designs (panels/my-designs.js). */
import { api, items } from './api.js';
import { emptyDesign } from './model/design.js';
import { untitledName } from './model/designs.js';
import { progressBySlug } from './model/gallery.js';
import { hasAttempted } from './model/questions.js';
import { h, clear } from './panels/dom.js';
import { Gallery } from './panels/gallery.js';
import { bindAssign } from './panels/assign.js';
import { scenarioButtons } from './panels/scenario-edit.js';
import { fmtCount } from './model/words.js';
import { MyDesigns } from './panels/my-designs.js';

const when = (iso) => { try { return new Date(iso).toLocaleString(); } catch { return ''; } };
let myDesigns = null;

async function newDesign() {
  // The list as this page last drew it; before it loads, as the server has it now.
  const names = myDesigns ? myDesigns.names() : items(await api.listDesigns()).map((d) => d.name);
  const doc = emptyDesign(untitledName(names));
  const d = await api.createDesign(doc.name, doc);
  location.href = `/play/${d.id}/`;
}

async function main() {
  document.getElementById('new-design').addEventListener('click', () => newDesign().catch((e) => alert(e.message)));
  const sc = document.getElementById('scenarios');
  const ds = document.getElementById('designs');
  // The server's progress is the truth; this browser's record of an attempt stands in only when
  // the server could not be asked (progress null).
  const [scenarios, designs, progress] = await Promise.all([
    api.scenarios().then(items).catch(() => []),
    api.listDesigns().then(items).catch(() => []),
    api.progress().then(progressBySlug).catch(() => null)]);
  new Gallery({ host: sc, bar: document.getElementById('gallery-filters'), scenarios, progress, attemptedHere: (slug) => hasAttempted(localStorage, slug) }).mount();
  showMyScenarios().catch(() => { /* the section stays hidden */ });
  myDesigns = new MyDesigns({ host: ds, status: document.getElementById('designs-status'), designs });
  myDesigns.render();
}

async function showMyScenarios() {
  const me = await api.me();
  if (!me.is_instructor) return;
  const mine = await api.myScenarios();
  const host = document.getElementById('my-scenarios');
  document.getElementById('my-scenarios-section').hidden = false;
  const none = h('p', { class: 'muted', text: 'None yet: open one of your designs, give it a goal, then File, Make a scenario….' });
  clear(host);
  if (!mine.length) host.append(none);
  for (const s of mine) {
    host.append(myScenarioCard(s, { onDeleted: () => { if (!host.querySelector('[data-testid=my-scenario-card]')) host.append(none); } }));
  }
}

/** A card of My scenarios: its title (the link), goal and fault counts, summary, and Edit,
 * Delete (panels/scenario-edit.js) and Assign to a class (POST /api/assignments/, then /a/<code>/). */
function myScenarioCard(s, { onDeleted }) {
  const link = h('a', { href: s.url, text: s.title, 'data-testid': 'my-scenario-title' });
  const summary = h('p', { class: 'my-scenario-summary', text: s.summary || '' });
  const status = h('p', { class: 'my-scenario-status', role: 'alert', 'data-testid': 'my-scenario-status' });
  const say = (text) => { status.textContent = text; };
  const [edit, del] = scenarioButtons({
    slug: s.slug, title: s.title, say,
    onSaved: (card) => { link.textContent = card.title; summary.textContent = card.summary || ''; say(''); },
    onDeleted: () => { card.remove(); onDeleted(); },
  });
  const assign = h('button', { type: 'button', class: 'btn', text: 'Assign to a class', 'data-testid': 'my-scenario-assign' });
  bindAssign(assign, { scenario: s.slug }, { editor: { toast: say } });
  const card = h('article', { class: 'card my-scenario', 'data-testid': 'my-scenario-card', 'data-slug': s.slug },
    h('h3', {}, link),
    h('p', { class: 'my-scenario-counts', 'data-testid': 'my-scenario-counts', text: `${fmtCount(s.goal_count, 'goal')} · ${fmtCount(s.fault_count, 'scheduled fault')}` }),
    summary,
    h('p', { class: 'muted small', text: `${s.url} · made ${when(s.created)}` }),
    h('div', { class: 'my-scenario-actions' }, edit, del, assign),
    status);
  return card;
}

main();
