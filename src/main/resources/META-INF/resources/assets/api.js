// The API as the pages call it: JSON in and out, and every refusal turned into an ApiError carrying the problem's
// detail (RFC 9457), which the pages show as it is. Nothing here renders HTML from data: el() sets text only.

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `请求失败（${status}）`);
    this.status = status;
    this.problem = problem || {};
    this.code = this.problem.code || null;
  }
}

/**
 * fetch with JSON: options.token (a bearer token, or a function giving one), options.body (sent as JSON; a FormData
 * goes as multipart; with options.contentType, a File or string goes as it is, e.g. an uploaded workbook),
 * options.headers (more headers), options.raw (return the Response, for downloads).
 */
export async function api(path, options = {}) {
  const { method = 'GET', body, raw = false } = options;
  const token = typeof options.token === 'function' ? await options.token() : options.token;
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  const asIs = (typeof FormData !== 'undefined' && body instanceof FormData) || Boolean(options.contentType);
  if (options.contentType) headers['Content-Type'] = options.contentType;
  else if (body !== undefined && !asIs) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : asIs ? body : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { detail: '网络连接失败，请检查网络后重试' });
  }
  if (res.ok && raw) return res;
  const type = res.headers.get('content-type') || '';
  const data = res.status === 204 ? null : type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const problem = typeof data === 'object' && data ? data : { detail: `请求失败（${res.status}）` };
    if (res.status === 503 && !problem.detail) problem.detail = '服务繁忙，请稍后重试';
    throw new ApiError(res.status, problem);
  }
  return data;
}

/** A DOM element: attributes (on* are listeners, class, dataset via data-*), children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Replaces a node's children, leaving out the null and false that conditional parts give. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** Shows an error's detail in the page's error banner (role=alert), or clears it with null. */
export function showError(e) {
  const banner = document.getElementById('error');
  if (!banner) return;
  banner.textContent = e ? (e.message || String(e)) : '';
  banner.hidden = !e;
}

/** Runs an async action, showing its error instead of failing silently. */
export async function attempt(action) {
  try {
    showError(null);
    return await action();
  } catch (e) {
    console.error(e);
    showError(e);
    return undefined;
  }
}

/** Saves a download (CSV, XLSX) fetched with the token under the file name the server gives. */
export async function download(path, token, fallbackName) {
  const res = await api(path, { token, raw: true, headers: { Accept: '*/*' } });
  const disposition = res.headers.get('content-disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}

export const fmt = new Intl.NumberFormat('zh-CN');
