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

/**
 * The formats of ids a page may take from the URL hash. An id is checked against its format before it goes into a
 * path: the hash is attacker-controlled (a link can carry anything), and a crafted "id" such as
 * `ep_x/secret/rotate?x=` would otherwise turn a button into a call to another route, with the CSRF token.
 */
export const ID_FORMATS = {
  endpoint: /^ep_[A-Za-z0-9]{1,64}$/,
  event: /^evt_[A-Za-z0-9]{1,64}$/,
  message: /^msg_[A-Za-z0-9]{1,128}$/,
  // Order ids are the tenant's own (free text), so only what cannot be a path segment is refused.
  order: /^(?!\.{1,2}$)[^\u0000-\u001f]{1,200}$/,
};

/** The value when it has the format of ids of `kind`, else null. */
export function validId(kind, value) {
  return typeof value === 'string' && ID_FORMATS[kind].test(value) ? value : null;
}

/**
 * Builds an API path from a template, each interpolated value encoded as exactly one path segment:
 * path`/v1/endpoints/${id}/secret`. Every page builds its paths with it. A value that would still be read as a dot
 * segment (".", "..", even percent-encoded) is refused.
 */
export function path(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    const segment = encodeURIComponent(String(value));
    if (segment === '' || /^(\.|%2e){1,2}$/i.test(segment)) throw new Error(`Not a path segment: ${JSON.stringify(String(value))}`);
    out += segment + strings[i + 1];
  });
  return out;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}
