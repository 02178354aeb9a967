// A stand-in for the server's upload endpoints, for the tests: it keeps upload sessions the way
// Hearth does (bytes appended at the session's offset, 204 until the last byte, then 201 with the
// FileInfo; whatever arrived of an interrupted request is kept) and can drop a request part way.

import { ApiError } from '../../api/client';
import type { FileInfo } from '../../api/types';
import type { TransferRequest, Transport } from './upload';

interface Session {
  id: string;
  channel_id: string;
  filename: string;
  file_size: number;
  file_offset: number;
  bytes: Uint8Array;
}

export interface Fault {
  /** Bytes of the body that arrive before the connection drops. */
  afterBytes: number;
  status?: number;
  id?: string;
}

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

function fail(status: number, id = 'fake.error', message = 'failed'): never {
  throw new ApiError({ id, message, status_code: status });
}

export class FakeServer {
  readonly sessions = new Map<string, Session>();
  readonly log: string[] = [];
  readonly files: Array<{ info: FileInfo; bytes: Uint8Array; channelId: string }> = [];
  /** Faults for the next data requests, in order. */
  readonly faults: Fault[] = [];
  /** GET requests to fail as if the server were down. */
  failGets = 0;
  private nextId = 0;

  readonly transport: Transport = (request) => this.handle(request);

  private info(name: string, size: number): FileInfo {
    return { id: `file${++this.nextId}`, name, extension: '', size, mime_type: 'application/octet-stream' };
  }

  private async handle(request: TransferRequest) {
    if (request.signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
    this.log.push(`${request.method} ${request.path}`);
    const [, resource, id] = request.path.split('/');
    if (resource === 'files') return this.multipart(request);
    if (request.method === 'POST' && !id) return this.create(request);
    const session = this.sessions.get(id ?? '');
    if (!session) fail(404, 'app.upload.get.app_error');
    if (request.method === 'GET' && this.failGets > 0) {
      this.failGets--;
      fail(502, 'fake.down');
    }
    if (request.method === 'GET') return { status: 200, body: { ...session, bytes: undefined } };
    return this.append(session, request);
  }

  private async multipart(request: TransferRequest) {
    const form = request.body as FormData;
    const file = form.get('files') as File;
    const channelId = String(form.get('channel_id'));
    const bytes = await bytesOf(file);
    request.onProgress?.(bytes.length + 200, bytes.length + 200);
    const info = this.info(file.name, bytes.length);
    this.files.push({ info, bytes, channelId });
    return { status: 201, body: { file_infos: [info], client_ids: [] } };
  }

  private create(request: TransferRequest) {
    const body = JSON.parse(String(request.body)) as { channel_id: string; filename: string; file_size: number };
    const id = `upload${++this.nextId}`;
    this.sessions.set(id, { id, ...body, file_offset: 0, bytes: new Uint8Array(body.file_size) });
    return { status: 201, body: { ...this.sessions.get(id), bytes: undefined } };
  }

  private async append(session: Session, request: TransferRequest) {
    const chunk = await bytesOf(request.body as Blob);
    const fault = this.faults.shift();
    const arriving = fault ? chunk.subarray(0, fault.afterBytes) : chunk;
    if (session.file_offset + arriving.length > session.file_size) fail(413, 'api.file.upload_file.too_large');
    session.bytes.set(arriving, session.file_offset);
    session.file_offset += arriving.length;
    request.onProgress?.(arriving.length, chunk.length);
    if (fault) fail(fault.status ?? 0, fault.id);
    if (session.file_offset < session.file_size) return { status: 204, body: undefined };
    this.sessions.delete(session.id);
    const info = this.info(session.filename, session.file_size);
    this.files.push({ info, bytes: session.bytes, channelId: session.channel_id });
    return { status: 201, body: info };
  }
}

/** A file of `size` bytes whose every byte differs from its neighbours, so misplaced bytes show. */
export function patternFile(size: number, name = 'big.bin'): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
  return new File([bytes], name);
}
