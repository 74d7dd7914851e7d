// The REST API v1 as the pages use it: the session cookie authenticates, and every state change
// carries the CSRF token the server put into the page (meta csrf-token) as X-CSRF-Token.
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';

/** The signed-in role: 'operator' may change state, 'viewer' only reads. */
export const role = document.body.dataset.role;
export const canOperate = role === 'operator';

/** An answer other than 2xx, with the API's {"error", "field"} body when there is one. */
export class ApiError extends Error {
  constructor(status, body, path) {
    super((body && body.error) ? body.error : 'HTTP ' + status + ' from ' + path);
    this.status = status;
    this.body = body;
    this.path = path;
  }
}

/**
 * @param {string} method HTTP method
 * @param {string} path below /api/v1, e.g. '/weights'
 * @param {*} [body] JSON value, or a Blob/File sent as bytes
 */
export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    headers['X-CSRF-Token'] = csrf;
  }
  let payload;
  if (body instanceof Blob) {
    payload = body;
    headers['Content-Type'] = 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch('/api/v1' + path, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 401) {
    location.assign('/console/login?next=' + encodeURIComponent(document.body.dataset.page || 'overview'));
    throw new ApiError(401, { error: 'signed out' }, path);
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = { error: text };
    }
  }
  if (!res.ok) {
    throw new ApiError(res.status, data, path);
  }
  return data;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const put = (path, body) => request('PUT', path, body);
export const del = (path) => request('DELETE', path);

let index;
/** @returns {Promise<Array<{method: string, path: string}>>} the routes this engine serves (GET /api/v1/routes) */
export function routes() {
  index ??= get('/routes').then((r) => r.routes);
  return index;
}

function matches(pattern, path) {
  const want = pattern.split('/');
  const have = path.split('?')[0].split('/');
  return want.length === have.length && want.every((seg, i) => seg.startsWith('{') || seg === have[i]);
}

/** @returns {Promise<boolean>} whether the engine serves method + path */
export async function served(method, path) {
  return (await routes()).some((r) => r.method === method && matches(r.path, path));
}

/**
 * GET an endpoint that may not be installed (it arrives with another bundle): resolves to
 * {data} when it answers, {missing: reason} when the engine does not serve it or its component
 * is not running (404/503); other failures throw.
 */
export async function optional(path) {
  if (!(await served('GET', path))) {
    return { missing: 'this engine does not serve GET /api/v1' + path.split('?')[0] + ' yet' };
  }
  try {
    return { data: await get(path) };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 503)) {
      return { missing: e.message };
    }
    throw e;
  }
}

/** Ends the session and goes to the sign-in page. */
export async function signOut() {
  await fetch('/console/session', { method: 'DELETE', headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin' });
  location.assign('/console/login');
}
