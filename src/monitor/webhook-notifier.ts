import type { AlertNotification, Notifier } from './alert-notification.js';

/** Settings of a {@link WebhookNotifier}. */
export interface WebhookNotifierOptions {
  /** ALERT_WEBHOOK. */
  readonly url: string;
  /** Tries per notification, first included. */
  readonly maxAttempts?: number;
  /** First retry waits up to this long; each retry doubles it (full jitter). */
  readonly baseDelayMs?: number;
  /** Cap of one wait. */
  readonly maxDelayMs?: number;
  /** Per-attempt timeout. */
  readonly timeoutMs?: number;
  /** Notifications waiting beyond this are dropped, oldest first. */
  readonly maxQueue?: number;
  /** Uniform [0, 1) source of jitter (tests pass a fixed one). */
  readonly random?: () => number;
  /** Told when a notification is given up (after its last attempt) or dropped; must not throw. */
  readonly onFailure?: (n: AlertNotification, reason: string) => void;
}

const DEFAULTS = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, timeoutMs: 5_000, maxQueue: 100 };

/** A 4xx other than 408/429 means the receiver refuses this payload: retrying cannot help. */
function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * POSTs each notification as JSON to a webhook, one at a time in order (a resolve never
 * overtakes its firing), retrying failures with exponential backoff and full jitter up to
 * `maxAttempts`. `notify` only enqueues: it never blocks the caller and never throws.
 */
export class WebhookNotifier implements Notifier {
  readonly #o: Required<WebhookNotifierOptions>;
  readonly #queue: AlertNotification[] = [];
  #running: Promise<void> | null = null;
  /** Delivered and given-up counts, for diagnostics and tests. */
  readonly stats = { delivered: 0, failed: 0, dropped: 0, attempts: 0 };

  constructor(options: WebhookNotifierOptions) {
    this.#o = { ...DEFAULTS, random: Math.random, onFailure: () => {}, ...options };
  }

  notify(notification: AlertNotification): void {
    this.#queue.push(notification);
    while (this.#queue.length > this.#o.maxQueue) {
      const dropped = this.#queue.shift()!;
      this.stats.dropped++;
      this.#report(dropped, 'queue full');
    }
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
    });
  }

  /** Resolves once every queued notification is delivered or given up. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    for (let n = this.#queue.shift(); n; n = this.#queue.shift()) await this.#deliver(n);
  }

  async #deliver(n: AlertNotification): Promise<void> {
    let reason = '';
    for (let attempt = 0; attempt < this.#o.maxAttempts; attempt++) {
      if (attempt > 0) await sleep(this.#o.random() * Math.min(this.#o.maxDelayMs, this.#o.baseDelayMs * 2 ** (attempt - 1)));
      this.stats.attempts++;
      try {
        const res = await fetch(this.#o.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(n),
          signal: AbortSignal.timeout(this.#o.timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          this.stats.delivered++;
          return;
        }
        reason = `HTTP ${res.status}`;
        if (!retryable(res.status)) break;
      } catch (e) {
        reason = (e as Error).message;
      }
    }
    this.stats.failed++;
    this.#report(n, reason);
  }

  #report(n: AlertNotification, reason: string): void {
    try {
      this.#o.onFailure(n, reason);
    } catch {
      // A failing logger must not break delivery of the next notification.
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
