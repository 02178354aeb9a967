// The one door to the server's REST API v4. The session lives in Hearth's HttpOnly cookie, so the
// page never holds the token; writes carry the CSRF token from the readable MMCSRF cookie.

import type { ApiErrorBody } from './types';

export const API = '/api/v4';

/** A failed call, carrying Mattermost's error body so the UI can show its message. */
export class ApiError extends Error {
  readonly id: string;
  readonly status: number;
  readonly requestId: string | undefined;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.id = body.id;
    this.status = body.status_code;
    this.requestId = body.request_id;
  }
}

/** Called once when the server says the session is gone (401), so the app can show sign-in. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export function cookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** Headers every write sends: proof to the server that the request comes from this page. */
export function csrfHeaders(): Record<string, string> {
  return { 'X-Requested-With': 'XMLHttpRequest', 'X-CSRF-Token': cookie('MMCSRF') ?? '' };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    return new ApiError({
      id: body.id ?? 'web.request.failed',
      message: body.message ?? response.statusText,
      status_code: response.status,
      request_id: body.request_id ?? response.headers.get('X-Request-Id') ?? '',
    });
  } catch {
    // A proxy in front of a stopped server answers 502-504 with a page of its own: to the reader
    // that is the server being away, not an error code.
    const away = response.status >= 502 && response.status <= 504;
    const message = away ? 'The server cannot be reached right now. Try again in a moment.' : `The server answered ${response.status}.`;
    return new ApiError({ id: 'web.request.failed', message, status_code: response.status });
  }
}

/** Calls `path` (relative to /api/v4) and returns its JSON. Bodies that are not FormData go as JSON. */
export async function request<T>(method: Method, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...csrfHeaders() };
  let payload: BodyInit | undefined;
  if (body instanceof FormData || body instanceof Blob) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(API + path, { method, headers, body: payload ?? null, credentials: 'same-origin', ...init });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ id: 'web.network', message: 'Cannot reach the server. Check your connection.', status_code: 0 });
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && !path.startsWith('/users/login')) onUnauthorized();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, init?: RequestInit) => request<T>('GET', path, undefined, init);
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body);
export const put = <T>(path: string, body?: unknown) => request<T>('PUT', path, body);
export const del = <T>(path: string, body?: unknown) => request<T>('DELETE', path, body);

/** Joins query parameters, skipping undefined ones. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** URLs the browser loads directly (images, downloads): same origin, cookie-authenticated. */
export const urls = {
  avatar: (userId: string, updated = 0) => `${API}/users/${userId}/image?_=${updated}`,
  file: (fileId: string) => `${API}/files/${fileId}`,
  download: (fileId: string) => `${API}/files/${fileId}?download=1`,
  thumbnail: (fileId: string) => `${API}/files/${fileId}/thumbnail`,
  preview: (fileId: string) => `${API}/files/${fileId}/preview`,
};
