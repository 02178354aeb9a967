// The real `Transport` for uploads: XMLHttpRequest, because fetch() still reports no progress
// for request bodies. Same session cookie and CSRF headers as every other write.

import { API, ApiError, csrfHeaders } from '../../api/client';
import type { ApiErrorBody } from '../../api/types';
import type { TransferReply, TransferRequest, Transport } from './upload';

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function errorOf(xhr: XMLHttpRequest): ApiError {
  const body = (parse(xhr.responseText) ?? {}) as Partial<ApiErrorBody>;
  return new ApiError({
    id: body.id ?? 'web.request.failed',
    message: body.message ?? `The server answered ${xhr.status}.`,
    status_code: xhr.status,
    request_id: body.request_id ?? xhr.getResponseHeader('X-Request-Id') ?? '',
  });
}

const unreachable = () => new ApiError({ id: 'web.network', message: 'Cannot reach the server. Check your connection.', status_code: 0 });
const cancelled = () => new DOMException('Upload cancelled', 'AbortError');

export const xhrTransport: Transport = (request: TransferRequest) =>
  new Promise<TransferReply>((resolve, reject) => {
    if (request.signal?.aborted) return reject(cancelled());
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, API + request.path);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    if (request.contentType) xhr.setRequestHeader('Content-Type', request.contentType);
    const onProgress = request.onProgress;
    if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve({ status: xhr.status, body: parse(xhr.responseText) }) : reject(errorOf(xhr)));
    xhr.onerror = () => reject(unreachable());
    xhr.ontimeout = () => reject(unreachable());
    xhr.onabort = () => reject(cancelled());
    request.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(request.body ?? null);
  });
