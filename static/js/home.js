/** The home page: the scenario gallery (panels/gallery.js, the shipped library), a new blank
 * design (named apart from the learner's others), an instructor's own scenarios (GET
 * /api/scenarios/?mine=1), my designs (panels/my-designs.js). */
import { api, items } from './api.js';
import { emptyDesign } from './model/design.js';
import { untitledName } from './model/designs.js';
import { progressBySlug } from './model/gallery.js';
import { hasAttempted } from './model/questions.js';
import { h, clear } from './panels/dom.js';
import { Gallery } from './panels/gallery.js';
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
  clear(host);
  if (!mine.length) host.append(h('p', { class: 'muted', text: 'None yet: open one of your designs, give it a goal, then File, Make a scenario….' }));
  for (const s of mine) {
    host.append(h('a', { class: 'card', href: s.url, 'data-testid': 'my-scenario-card' },
      h('h3', { text: s.title }),
      h('p', { class: 'muted', text: `${s.url} · ${s.goal_count} goal${s.goal_count === 1 ? '' : 's'}, ${s.fault_count} scheduled fault${s.fault_count === 1 ? '' : 's'} · made ${when(s.created)}` }),
      s.summary ? h('p', { text: s.summary }) : null));
  }
}

main();
