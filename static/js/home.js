/** The home page: the scenario gallery (panels/gallery.js), a new blank design, my designs. */
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
  clear(ds);
  if (!designs.length) ds.append(h('p', { class: 'muted', text: 'Nothing yet: start a blank design or open a scenario.' }));
  for (const d of designs) {
    ds.append(h('a', { class: 'card card-design', href: `/play/${encodeURIComponent(d.id)}/`, 'data-testid': 'design-card' },
      h('h3', { text: d.name || 'Untitled design' }), h('p', { class: 'muted', text: `Edited ${when(d.updated)} · version ${d.version}` })));
  }
}

main();
