import type { BreakerBoard } from './predictor-types.js';

/** Breaker states, as a runtime list and a union. */
export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** Settings of a breaker. */
export interface BreakerOptions {
  /** Consecutive failures that open the breaker (default 5). */
  readonly failureThreshold?: number;
  /** How long it stays open before letting one trial request through (default 60 s). */
  readonly openMs?: number;
}

/** Told of every state change; must not throw. */
export type BreakerListener = (change: { readonly from: BreakerState; readonly to: BreakerState; readonly at: number }) => void;

/**
 * A circuit breaker for one model version: closed → open after `failureThreshold`
 * consecutive failures → half-open after `openMs`, when one trial request may pass →
 * closed on its success, open again on its failure. Time is passed into every call.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #listener: BreakerListener | undefined;
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = Number.NEGATIVE_INFINITY;
  #trialAt: number | null = null;
  /** When it last opened (−Infinity if never): lets monitoring ask "did it open in this window?". */
  lastOpenedAt = Number.NEGATIVE_INFINITY;

  constructor(options: BreakerOptions = {}, listener?: BreakerListener) {
    this.#threshold = options.failureThreshold ?? 5;
    this.#openMs = options.openMs ?? 60_000;
    this.#listener = listener;
  }

  /** The state at `now` (an open breaker whose wait is over reads as half-open). */
  state(now: number): BreakerState {
    if (this.#state === 'open' && now - this.#openedAt >= this.#openMs) this.#move('half-open', now);
    return this.#state;
  }

  /**
   * Whether a request may go to the version now. Half-open lets a single trial through; a
   * trial that never reports back is replaced after another `openMs`, so a lost request
   * cannot wedge the breaker.
   */
  allows(now: number): boolean {
    const state = this.state(now);
    if (state === 'closed') return true;
    if (state === 'open') return false;
    if (this.#trialAt === null || now - this.#trialAt >= this.#openMs) {
      this.#trialAt = now;
      return true;
    }
    return false;
  }

  /** A request succeeded: closes a half-open breaker and clears the failure streak. */
  recordSuccess(now: number): void {
    this.#failures = 0;
    if (this.state(now) === 'half-open') this.#move('closed', now);
  }

  /** A request failed: opens after the threshold, or at once when half-open. */
  recordFailure(now: number): void {
    const state = this.state(now);
    this.#failures++;
    if (state === 'half-open' || (state === 'closed' && this.#failures >= this.#threshold)) {
      this.#openedAt = now;
      this.lastOpenedAt = now;
      this.#move('open', now);
    }
  }

  #move(to: BreakerState, at: number): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#trialAt = null;
    if (to === 'closed') this.#failures = 0;
    this.#listener?.({ from, to, at });
  }
}

/**
 * One breaker per model version, created on first use; implements the predictor's
 * BreakerBoard. State changes go to `onStateChange` (metrics, events, the judge's
 * `breakerOpened`).
 */
export class CircuitBreakers implements BreakerBoard {
  readonly #options: BreakerOptions;
  readonly #onChange: ((version: string, change: Parameters<BreakerListener>[0]) => void) | undefined;
  readonly #breakers = new Map<string, CircuitBreaker>();

  constructor(options: BreakerOptions = {}, onStateChange?: (version: string, change: Parameters<BreakerListener>[0]) => void) {
    this.#options = options;
    this.#onChange = onStateChange;
  }

  /** The breaker of a version (created closed on first use). */
  get(version: string): CircuitBreaker {
    let breaker = this.#breakers.get(version);
    if (!breaker) {
      const onChange = this.#onChange;
      breaker = new CircuitBreaker(this.#options, onChange ? (change) => onChange(version, change) : undefined);
      this.#breakers.set(version, breaker);
    }
    return breaker;
  }

  allows(version: string, now: number): boolean {
    return this.get(version).allows(now);
  }

  recordSuccess(version: string, now: number): void {
    this.get(version).recordSuccess(now);
  }

  recordFailure(version: string, now: number): void {
    this.get(version).recordFailure(now);
  }

  /** Whether the version's breaker opened at or after `since` (false for an unknown version). */
  openedSince(version: string, since: number): boolean {
    return (this.#breakers.get(version)?.lastOpenedAt ?? Number.NEGATIVE_INFINITY) >= since;
  }

  /** Forgets a version's breaker (e.g. when the version is unloaded). */
  forget(version: string): void {
    this.#breakers.delete(version);
  }
}
