// Assertions and WebSocket event waiting shared by the compatibility scripts. Every failure
// throws an Error naming the step, so the script exits non-zero with a clear message.

import assert from 'node:assert/strict';

let step = 'start';

/** Names the current step; failures report it. */
export function begin(name) {
    step = name;
}

export function currentStep() {
    return step;
}

/** Runs `fn` as the named step and wraps any failure with the step name. */
export async function check(name, fn) {
    begin(name);
    try {
        return await fn();
    } catch (err) {
        const detail = err?.server_error_id ? ` (server error ${err.server_error_id}, status ${err.status_code}, url ${err.url})` : '';
        throw new Error(`step "${name}" failed: ${err?.message ?? err}${detail}`, {cause: err});
    }
}

export const eq = (actual, expected, what) => assert.deepStrictEqual(actual, expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
export const ok = (value, what) => assert.ok(value, what);

/** A 26-character Mattermost id. */
export const isId = (value, what) => assert.match(String(value), /^[a-z0-9]{26}$/, `${what} is an id: ${JSON.stringify(value)}`);

/** Collects a WebSocketClient's events so a step can wait for one. */
export class Events {
    constructor(name) {
        this.name = name;
        this.seen = [];
        this.waiters = [];
    }

    listener = (msg) => {
        this.seen.push(msg);
        this.waiters = this.waiters.filter((w) => !w(msg));
    };

    /** The first event named `event` (and matching `pred`) not taken yet, within `ms`. */
    next(event, pred = () => true, ms = 5000) {
        const match = (msg) => msg.event === event && !msg.taken && pred(msg);
        const found = this.seen.find(match);
        if (found) {
            found.taken = true;
            return Promise.resolve(found);
        }
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                const names = this.seen.map((m) => m.event).join(', ');
                reject(new Error(`${this.name}'s socket got no "${event}" event within ${ms} ms (got: ${names})`));
            }, ms);
            this.waiters.push((msg) => {
                if (!match(msg)) {
                    return false;
                }
                msg.taken = true;
                clearTimeout(timer);
                resolve(msg);
                return true;
            });
        });
    }
}
