/** Default most shadow jobs waiting; past it new ones are dropped (and counted). */
const DEFAULT_MAX_QUEUED = 10_000;
/** Jobs run per macrotask, so a burst of shadow work never starves the event loop. */
const JOBS_PER_TURN = 64;

/**
 * Runs work after the current response has gone out: jobs queue in memory and drain on
 * setImmediate, a bounded number per turn of the event loop. A job that throws is the job's
 * business (it must record its own failure); the queue swallows it. Bounded: under overload
 * shadow work is shed, never the primary path.
 */
export class ShadowQueue {
  readonly #jobs: (() => void)[] = [];
  readonly #maxQueued: number;
  #scheduled = false;
  #dropped = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(maxQueued = DEFAULT_MAX_QUEUED) {
    this.#maxQueued = maxQueued;
  }

  /** Queues a job; returns false (and counts a drop) when the queue is full. */
  enqueue(job: () => void): boolean {
    if (this.#jobs.length >= this.#maxQueued) {
      this.#dropped++;
      return false;
    }
    this.#jobs.push(job);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#drain());
    }
    return true;
  }

  /** Jobs dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Jobs waiting. */
  get size(): number {
    return this.#jobs.length;
  }

  /** Resolves once every queued job has run (used on shutdown and in tests). */
  idle(): Promise<void> {
    if (this.#jobs.length === 0 && !this.#scheduled) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #drain(): void {
    for (let i = 0; i < JOBS_PER_TURN && this.#jobs.length > 0; i++) {
      const job = this.#jobs.shift() as () => void;
      try {
        job();
      } catch {
        // Shadow failures are recorded by the job itself; they must never escape.
      }
    }
    if (this.#jobs.length > 0) {
      setImmediate(() => this.#drain());
      return;
    }
    this.#scheduled = false;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }
}
