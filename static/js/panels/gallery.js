/**
 * The scenario gallery on the home page: a search box and filters by level and by topic (toggle
 * buttons, so the keyboard reaches and presses them; all kept in the URL's query, so a reload
 * keeps them), the cards in library order, each with a thumbnail of its starting design and
 * what the learner has done there (not tried, attempted, passed ✓, and the best result). The
 * logic is model/gallery.js's and model/thumbnail.js's; this file only draws.
 */
import { h, clear } from './dom.js';
import { LEVELS, TOPICS, SEARCH_MAX, topicsOf, filtered, filtersFromQuery, queryFromFilters, progressState } from '../model/gallery.js';
import { thumbnail } from './thumbnail.js';

const LEVEL_WORDS = { beginner: 'Beginner', intermediate: 'Intermediate', advanced: 'Advanced' };
const TOPIC_WORDS = new Map(TOPICS.map((t) => [t.id, t.label]));

export class Gallery {
  /**
   * host: the cards' container; bar: where the filters go; scenarios: GET /api/scenarios/;
   * progress: a Map slug -> row (GET /api/progress/), or null when it could not be read;
   * attemptedHere(slug): this browser's own record, used only when `progress` is null.
   */
  constructor({ host, bar, scenarios, progress, attemptedHere = () => false }) {
    Object.assign(this, { host, bar, scenarios, progress, attemptedHere });
    this.filters = filtersFromQuery(location.search);
    this.status = h('p', { class: 'gallery-count muted', role: 'status', 'aria-live': 'polite', 'data-testid': 'gallery-count' });
  }

  mount() {
    const levels = [null, ...LEVELS].map((id) => [id, id ? LEVEL_WORDS[id] : 'All levels']);
    const topics = [null, ...TOPICS.map((t) => t.id)].map((id) => [id, id ? TOPIC_WORDS.get(id) : 'All topics']);
    this.search = h('input', {
      type: 'search', class: 'gallery-search', id: 'gallery-search', 'data-testid': 'gallery-search', value: this.filters.q,
      placeholder: 'Search: caching, SQS, failover…', maxlength: String(SEARCH_MAX), 'aria-label': 'Search the scenarios', autocomplete: 'off',
      oninput: () => this.set({ q: this.search.value }),
      onkeydown: (e) => { if (e.key === 'Escape' && this.search.value) { e.preventDefault(); this.search.value = ''; this.set({ q: '' }); } },
    });
    clear(this.bar).append(
      this.search,
      this.group('level', 'Level', levels),
      this.group('topic', 'Topic', topics),
      this.status);
    this.render();
  }

  group(key, label, options) {
    const buttons = options.map(([id, text]) => h('button', {
      type: 'button', class: 'chip', text, dataset: { value: id || '' },
      'data-testid': `filter-${key}-${id || 'all'}`,
      onclick: () => this.set({ [key]: id }),
    }));
    return h('div', { class: 'filter-group', role: 'group', 'aria-label': `Filter by ${label.toLowerCase()}`, dataset: { filter: key } },
      h('span', { class: 'filter-label', text: label }), ...buttons);
  }

  set(change) {
    this.filters = { ...this.filters, ...change };
    const query = queryFromFilters(this.filters, location.search);
    history.replaceState(null, '', `${location.pathname}${query}${location.hash}`);
    this.render();
  }

  render() {
    for (const group of this.bar.querySelectorAll('[data-filter]')) {
      const current = this.filters[group.dataset.filter] || '';
      for (const b of group.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.value === current));
    }
    const shown = filtered(this.scenarios, this.filters);
    clear(this.host);
    const any = this.filters.level || this.filters.topic || this.filters.q.trim();
    this.status.textContent = any ? `${shown.length} of ${this.scenarios.length} scenarios` : `${this.scenarios.length} scenarios`;
    if (!this.scenarios.length) {
      this.host.append(h('p', { class: 'muted', text: 'No scenarios are loaded yet.' }));
      return;
    }
    if (!shown.length) {
      this.host.append(h('div', { class: 'gallery-empty', 'data-testid': 'gallery-empty' },
        h('p', { text: this.filters.q.trim() ? `No scenario matches “${this.filters.q.trim()}” with these filters.` : 'No scenario matches these filters.' }),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'filters-clear', text: 'Clear filters', onclick: () => this.clearFilters() })));
      return;
    }
    for (const s of shown) this.host.append(this.card(s));
  }

  clearFilters() {
    this.search.value = '';
    this.set({ level: null, topic: null, q: '' });
    this.search.focus();
  }

  card(s) {
    const row = this.progress ? this.progress.get(s.slug) : null;
    const p = progressState(row, this.progress === null && this.attemptedHere(s.slug));
    const level = (s.level || '').toLowerCase();
    return h('a', { class: `card card-${p.state}`, href: `/scenarios/${encodeURIComponent(s.slug)}/`, 'data-testid': `scenario-${s.slug}`, dataset: { state: p.state } },
      h('div', { class: 'card-thumb' }, thumbnail(s.outline, { testid: `thumb-${s.slug}` }),
        p.state === 'passed' ? h('span', { class: 'solved-mark', 'data-testid': `solved-${s.slug}`, title: 'Solved: a complete run or a check met every goal', text: '✓ Solved' }) : null),
      h('div', { class: 'card-top' },
        h('span', { class: `level level-${level}`, text: LEVEL_WORDS[level] || s.level || 'Scenario' }),
        h('span', { class: `kind-badge${s.puzzle ? ' is-puzzle' : ''}`, title: s.puzzle ? 'It misses a goal as it ships: find the fix' : 'It meets its goals: read the numbers, then break it', text: s.puzzle ? 'Puzzle' : 'Explore' })),
      h('h3', { text: s.title }), h('p', { text: s.summary || '' }),
      h('div', { class: 'card-progress' },
        h('span', { class: `progress-pill is-${p.state}`, 'data-testid': `progress-${s.slug}`, text: p.label }),
        p.best ? h('span', { class: 'card-best', 'data-testid': `best-${s.slug}`, text: `Best: ${p.best}` }) : null),
      h('div', { class: 'tags' },
        ...topicsOf(s).map((t) => h('span', { class: 'tag tag-topic', text: TOPIC_WORDS.get(t) })),
        ...(s.tags || []).map((t) => h('span', { class: 'tag', text: t }))));
  }
}
