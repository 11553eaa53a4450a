/** The gallery: scenarios, a new blank design, my designs. */
import { api, items } from './api.js';
import { emptyDesign } from './model/design.js';
import { h, clear } from './panels/dom.js';

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
  const [scenarios, designs] = await Promise.all([api.scenarios().then(items).catch(() => []), api.listDesigns().then(items).catch(() => [])]);
  clear(sc);
  if (!scenarios.length) sc.append(h('p', { class: 'muted', text: 'No scenarios are loaded yet.' }));
  for (const s of scenarios) {
    sc.append(h('a', { class: 'card', href: `/scenarios/${encodeURIComponent(s.slug)}/`, 'data-testid': `scenario-${s.slug}` },
      h('div', { class: 'card-top' }, h('span', { class: `level level-${(s.level || '').toLowerCase()}`, text: s.level || 'Scenario' }),
        h('span', { class: `kind-badge${s.puzzle ? ' is-puzzle' : ''}`, title: s.puzzle ? 'It misses a goal as it ships: find the fix' : 'It meets its goals: read the numbers, then break it', text: s.puzzle ? 'Puzzle' : 'Explore' })),
      h('h3', { text: s.title }), h('p', { text: s.summary || '' }),
      h('div', { class: 'tags' }, ...(s.tags || []).map((t) => h('span', { class: 'tag', text: t })))));
  }
  clear(ds);
  if (!designs.length) ds.append(h('p', { class: 'muted', text: 'Nothing yet: start a blank design or open a scenario.' }));
  for (const d of designs) {
    ds.append(h('a', { class: 'card card-design', href: `/play/${encodeURIComponent(d.id)}/`, 'data-testid': 'design-card' },
      h('h3', { text: d.name || 'Untitled design' }), h('p', { class: 'muted', text: `Edited ${when(d.updated)} · version ${d.version}` })));
  }
}

main();
