// The live DNS check of the address page: asked once the admin stops typing the domain for a
// moment (600 ms), so a name is not looked up letter by letter, and an answer that arrives after
// the domain changed again is dropped.

import type { DnsCheck } from '../types';

export type DnsState =
  | { kind: 'idle' }
  | { kind: 'checking'; domain: string }
  | { kind: 'done'; check: DnsCheck }
  | { kind: 'failed'; domain: string; message: string };

export const DNS_DELAY_MS = 600;

export interface DnsWatch {
  /** The domain as typed now; an empty one clears the answer. */
  typed: (domain: string) => void;
  /** Drops the waiting lookup and any answer still to come. */
  stop: () => void;
}

export function watchDns(check: (domain: string) => Promise<DnsCheck>, show: (state: DnsState) => void, delayMs = DNS_DELAY_MS): DnsWatch {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts the lookups, so only the latest one's answer is shown. */
  let asked = 0;

  function typed(raw: string) {
    clearTimeout(timer);
    const domain = raw.trim();
    const ticket = ++asked;
    if (!domain) {
      show({ kind: 'idle' });
      return;
    }
    timer = setTimeout(() => {
      show({ kind: 'checking', domain });
      check(domain).then(
        (answer) => ticket === asked && show({ kind: 'done', check: answer }),
        (err: unknown) => ticket === asked && show({ kind: 'failed', domain, message: err instanceof Error ? err.message : String(err) }),
      );
    }, delayMs);
  }

  return {
    typed,
    stop: () => {
      clearTimeout(timer);
      asked++;
    },
  };
}
