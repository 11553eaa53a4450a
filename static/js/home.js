/** The home page: the scenario gallery (panels/gallery.js, the shipped library), a new blank
 * design, an instructor's own scenarios (GET /api/scenarios/?mine=1), my designs. */
import { api, items } from './api.js';
import { emptyDesign } from './model/design.js';
import { progressBySlug } from './model/gallery.js';
import { hasAttempted } from './model/questions.js';
import { h, clear } from './panels/dom.js';
import { Gallery } from './panels/gallery.js';

const when = (iso) => { try { return new Date(iso).toLocaleString(); } catch { return ''; } };

async function newDesign() {
  const doc = emptyDesign('Untitled design');
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
  clear(ds);
  if (!designs.length) ds.append(h('p', { class: 'muted', text: 'Nothing yet: start a blank design or open a scenario.' }));
  for (const d of designs) {
    ds.append(h('a', { class: 'card card-design', href: `/play/${encodeURIComponent(d.id)}/`, 'data-testid': 'design-card' },
      h('h3', { text: d.name || 'Untitled design' }), h('p', { class: 'muted', text: `Edited ${when(d.updated)} · version ${d.version}` })));
  }
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
