/**
 * The REST API (/api/), JSON both ways. Unsafe methods carry the CSRF token in X-CSRFToken
 * (playground/api/authentication.py): read from the `csrftoken` cookie, which every page sets.
 * Errors come back as ApiError with the API's shape: {detail, problems, current_version}.
 */
export class ApiError extends Error {
  /** `retryAfter`: the seconds a 429 (or 503) asked the client to wait, from Retry-After. */
  constructor(status, body, retryAfter = null) {
    super((body && body.detail) || `The server answered ${status}.`);
    this.status = status;
    this.body = body || {};
    this.problems = this.body.problems || [];
    this.retryAfter = retryAfter;
  }
}

function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (m) return decodeURIComponent(m[1]);
  return document.querySelector('meta[name="csrf-token"]')?.content || '';
}

export async function request(method, url, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRFToken'] = csrfToken();
  let res;
  try {
    res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { detail: 'No connection to the server.' });
  }
  const text = await res.text();
  let data;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text.slice(0, 200) }; }
  if (!res.ok) {
    const wait = Number.parseInt(res.headers.get('Retry-After') || '', 10);
    throw new ApiError(res.status, data, Number.isFinite(wait) && wait > 0 ? wait : null);
  }
  return data;
}

export const api = {
  catalogue: () => request('GET', '/api/components/'),
  listDesigns: () => request('GET', '/api/designs/'),
  // `scenario`: the library scenario the design attempts (its goals and faults locked), if any.
  createDesign: (name, document, scenario) => request('POST', '/api/designs/', scenario ? { name, document, scenario } : { name, document }),
  getDesign: (id) => request('GET', `/api/designs/${encodeURIComponent(id)}/`),
  saveDesign: (id, { name, document, version }) => request('PUT', `/api/designs/${encodeURIComponent(id)}/`, { name, document, version }),
  // The version last read: a tab that read an older one gets 409 and deletes nothing.
  deleteDesign: (id, version) => request('DELETE', `/api/designs/${encodeURIComponent(id)}/?version=${encodeURIComponent(version)}`),
  // A rename also renames the stored document (the editor shows the document's name).
  renameDesign: (id, name, version) => request('PATCH', `/api/designs/${encodeURIComponent(id)}/`, { name, version }),
  duplicateDesign: (id) => request('POST', `/api/designs/${encodeURIComponent(id)}/duplicate/`, {}),
  validate: (document) => request('POST', '/api/designs/validate/', { document }),
  share: (id) => request('POST', `/api/designs/${encodeURIComponent(id)}/share/`, {}),
  shared: (token) => request('GET', `/api/shared/${encodeURIComponent(token)}/`),
  fork: (token, name) => request('POST', `/api/shared/${encodeURIComponent(token)}/fork/`, name ? { name } : {}),
  scenarios: () => request('GET', '/api/scenarios/'),
  scenario: (slug) => request('GET', `/api/scenarios/${encodeURIComponent(slug)}/`),
  progress: () => request('GET', '/api/progress/'),
  // Who is asking: {authenticated, username, is_instructor} (instructors author scenarios).
  me: () => request('GET', '/api/me/'),
  createScenario: (body) => request('POST', '/api/scenarios/', body),
  myScenarios: () => request('GET', '/api/scenarios/?mine=1'),
  run: (id) => request('GET', `/api/runs/${encodeURIComponent(id)}/`),
  // A watch link: what the run plays (its design, scenario, short code), and a fork of it.
  watch: (token) => request('GET', `/api/live/${encodeURIComponent(token)}/`),
  forkWatched: (token) => request('POST', `/api/live/${encodeURIComponent(token)}/fork/`, {}),
  // The class view (the assignment's instructor only): a submission as submitted, and a copy of it.
  submission: (code, id) => request('GET', `/api/assignments/${encodeURIComponent(code)}/submissions/${encodeURIComponent(id)}/`),
  forkSubmission: (code, id) => request('POST', `/api/assignments/${encodeURIComponent(code)}/submissions/${encodeURIComponent(id)}/fork/`, {}),
};

/** A list endpoint may be paginated ({results}) or a bare list. */
export const items = (data) => (Array.isArray(data) ? data : (data && data.results) || []);
