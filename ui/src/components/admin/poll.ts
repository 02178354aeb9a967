// Asks the server the same question again and again until the answer says stop: how the console
// follows a running backup. The next question waits for the previous answer, so a slow server is
// never sent a pile of requests, and after `stop()` (the section was left) nothing more is asked
// and a late answer is dropped.

export interface PollOptions {
  /** Time between one answer and the next question. */
  intervalMs: number;
  /** A failed question; polling goes on, since a restarting server or a lost network comes back. */
  onError: (err: unknown) => void;
}

/** Calls `ask` at once, hands each answer to `take`, and asks again `intervalMs` later while
 * `take` returns true. Returns `stop`. */
export function poll<T>(ask: () => Promise<T>, take: (answer: T) => boolean, { intervalMs, onError }: PollOptions): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function round(): Promise<void> {
    let again = true;
    try {
      const answer = await ask();
      if (stopped) return;
      again = take(answer);
    } catch (err) {
      if (stopped) return;
      onError(err);
    }
    if (again && !stopped) timer = setTimeout(() => void round(), intervalMs);
  }

  void round();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
