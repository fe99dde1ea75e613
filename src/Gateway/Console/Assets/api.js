// The console calls the same JSON API as API clients. The session cookie authenticates (it is HttpOnly: this script
// never sees it, nor any API key); state-changing calls add the session's CSRF token.

let csrfToken = null;

export function setCsrf(token) {
  csrfToken = token;
}

/** Calls the API; resolves to { ok, status, data, problem } and never throws on an HTTP error. */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch (error) {
    return { ok: false, status: 0, problem: { title: 'Network error', detail: String(error) } };
  }
  if (response.status === 401 && !path.startsWith('/console/session')) {
    window.dispatchEvent(new CustomEvent('console:signed-out'));
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  return response.ok ? { ok: true, status: response.status, data } : { ok: false, status: response.status, problem: data };
}

export const get = path => api('GET', path);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}
