// The live connection: Mattermost's WebSocket protocol at /api/v4/websocket. It authenticates with
// the session cookie, reconnects by itself with exponential back-off, and resumes with
// `connection_id` + `sequence_number` so missed events are replayed. When the server cannot
// replay (it restarted, or the gap was too long) its `hello` carries a new connection id and the
// socket asks the app to resync from the REST API.

export interface SocketEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: { channel_id?: string; team_id?: string; user_id?: string; omit_users?: Record<string, boolean> | null };
  seq: number;
}

export type SocketState = 'connecting' | 'open' | 'down';

export interface SocketHandlers {
  onEvent: (event: SocketEvent) => void;
  /** The connection is new rather than resumed: events may have been missed. */
  onResync: () => void;
  onState: (state: SocketState) => void;
}

/** Delay before reconnect attempt `n` (0-based): 1 s doubling to 30 s, with jitter so a restarted
 * server is not hit by every client at once. */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** attempt);
  return Math.round(base * (0.5 + random() / 2));
}

export class Socket {
  private ws: WebSocket | null = null;
  private connectionId = '';
  private nextSeq = 0;
  private actionSeq = 1;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  /** The app holds data loaded over REST: a new (not resumed) connection may have missed events
   * since, so it must resync. */
  private appHasData = false;
  private helloWaiters: (() => void)[] = [];

  constructor(private readonly handlers: SocketHandlers) {}

  start(): void {
    this.closed = false;
    this.open();
  }

  /** Resolves once the server said hello (events now reach this page), or after `ms` if it does
   * not; the app loads its data after this, so no post falls between loading and listening. */
  async listening(ms: number): Promise<void> {
    if (!this.connectionId) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.helloWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.appHasData = true;
  }

  /** Sends a client action such as `user_typing`; dropped while the socket is down. */
  send(action: string, data: Record<string, unknown>): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify({ action, seq: this.actionSeq++, data }));
  }

  stop(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.ws?.close();
    this.ws = null;
  }

  /** Reconnects now instead of waiting out the back-off (the browser came back online). */
  retryNow(): void {
    if (this.closed || this.ws) return;
    clearTimeout(this.timer);
    this.open();
  }

  private url(): string {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const resume = this.connectionId ? `?connection_id=${encodeURIComponent(this.connectionId)}&sequence_number=${this.nextSeq}` : '';
    return `${scheme}//${location.host}/api/v4/websocket${resume}`;
  }

  private open(): void {
    this.handlers.onState('connecting');
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.handlers.onState('open');
    };
    ws.onmessage = (m) => this.receive(m.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.closed) return;
      this.handlers.onState('down');
      this.timer = setTimeout(() => this.open(), backoff(this.attempt++));
    };
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let frame: Partial<SocketEvent> & { seq_reply?: number };
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (frame.seq_reply !== undefined || !frame.event) return;
    if (typeof frame.seq === 'number') this.nextSeq = frame.seq + 1;
    if (frame.event === 'hello') {
      const id = String(frame.data?.connection_id ?? '');
      const resumed = id === this.connectionId;
      this.connectionId = id;
      for (const wake of this.helloWaiters.splice(0)) wake();
      // A first hello that came only after the app stopped waiting counts as a reconnect too.
      if (!resumed && this.appHasData) this.handlers.onResync();
      return;
    }
    this.handlers.onEvent(frame as SocketEvent);
  }
}
