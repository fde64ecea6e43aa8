/**
 * The workbench's one door to the API: JSON in and out, the session cookie, the CSRF header on
 * every change, and errors turned into ApiError with the server's Chinese and English messages.
 */
import { WEB_MESSAGES } from '../../src/domain/messages/web.js';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, readonly message_zh: string, readonly message_en: string,
    readonly field: string | null = null) {
    super(message_en);
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

const BASE = '/api/v1';
type Listener = (e: ApiError) => void;
const listeners = new Set<Listener>();

/** Called on every 401 and on "password change required", so that the app can go to the right page. */
export function onAuthProblem(fn: Listener): () => void {
  listeners.add(fn);
  return () => { listeners.delete(fn); };
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export function qs(q: Query | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

function catalogueError(status: number, code: string, key: string, vars: Record<string, string | number> = {}): ApiError {
  const m = WEB_MESSAGES[key];
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
  return new ApiError(status, code, fill(m.zh), fill(m.en));
}

async function toError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  const e = (body as { error?: { code?: string; message_zh?: string; message_en?: string; field?: string | null } } | null)?.error;
  if (e && (e.message_zh || e.message_en)) {
    return new ApiError(res.status, e.code ?? `http_${res.status}`, e.message_zh ?? e.message_en ?? '', e.message_en ?? e.message_zh ?? '', e.field ?? null);
  }
  return catalogueError(res.status, `http_${res.status}`, 'web.err.http', { status: res.status });
}

async function send(method: string, path: string, opts: { query?: Query; body?: unknown; form?: FormData; signal?: AbortSignal } = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    const token = readCookie('fg_csrf');
    if (token) headers['x-csrf-token'] = token;
  }
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(opts.body); }
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}${qs(opts.query)}`, { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw catalogueError(0, 'network', 'web.err.network');
  }
  if (!res.ok) {
    const err = await toError(res);
    if ((res.status === 401 && !path.startsWith('/auth/login')) || err.code === 'password_change_required') listeners.forEach((l) => l(err));
    throw err;
  }
  return res;
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

export const api = {
  get: async <T>(path: string, query?: Query, signal?: AbortSignal) => json<T>(await send('GET', path, { query, signal })),
  post: async <T>(path: string, body?: unknown) => json<T>(await send('POST', path, { body: body ?? {} })),
  put: async <T>(path: string, body?: unknown) => json<T>(await send('PUT', path, { body: body ?? {} })),
  del: async <T>(path: string) => json<T>(await send('DELETE', path)),
  /** multipart: every file under `field` (the server reads all parts). */
  upload: async <T>(path: string, files: File[], field = 'file') => {
    const form = new FormData();
    for (const f of files) form.append(field, f, f.name);
    return json<T>(await send('POST', path, { form }));
  },
  /** Fetches a file (Excel export, attachment) and hands it to the browser as a download. */
  download: async (path: string, query: Query | undefined, fallbackName: string) => {
    const res = await send('GET', path, { query });
    const blob = await res.blob();
    const cd = res.headers.get('content-disposition') ?? '';
    const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
    const name = m ? decodeURIComponent(m[1]) : fallbackName;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

/** The path of an API resource, for plain links (attachments). */
export const apiHref = (path: string, query?: Query) => `${BASE}${path}${qs(query)}`;
