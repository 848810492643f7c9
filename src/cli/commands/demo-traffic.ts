import type { ApiClient } from './api-client.js';
import type { ReplayPatient } from './demo-patients.js';

/** Outcome requests in flight at once. */
const FEEDBACK_CONCURRENCY = 32;
/** Outcomes due but not yet sent above which the replay stops sending predictions for a moment. */
const MAX_FEEDBACK_BACKLOG = 100;

/** Settings of {@link TrafficReplay}. */
export interface TrafficReplayOptions {
  /** Who sends predictions and feedback (a predictor key). */
  readonly client: ApiClient;
  readonly patients: readonly ReplayPatient[];
  /** Patients per /predict/batch call. */
  readonly batch: number;
  /** Share of answered predictions whose outcome is fed back. */
  readonly feedbackShare: number;
  /** How long after its prediction an outcome is fed back (a clinic learns outcomes later). */
  readonly feedbackDelayMs: number;
  /** Pause between batches (keeps the demo's load gentle on a shared machine). */
  readonly pauseMs: number;
  /** Told about every answered prediction (version and arm) and every request error. */
  readonly onAnswer?: (version: string, servedBy: string) => void;
  readonly onError?: (message: string) => void;
}

interface Answer {
  readonly index: number;
  readonly ok: boolean;
  readonly prediction?: { readonly prediction_id: string; readonly model: { readonly version: string }; readonly served_by: string };
  readonly error?: { readonly code: string; readonly message: string };
}

/** Deterministic shuffle (mulberry32), so two demo runs replay patients in the same order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Replays real patients against a server as a clinic would: batches of predictions in a loop
 * (each visit under a fresh id, `<patient>#<visit>`, so sticky assignment draws again), and the
 * true outcome of a share of them fed back after a delay. Runs until stop().
 */
export class TrafficReplay {
  readonly #o: TrafficReplayOptions;
  readonly #order: ReplayPatient[];
  #running = false;
  #loop: Promise<void> | null = null;
  readonly #pendingFeedback = new Set<Promise<unknown>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #due: { predictionId: string; outcome: 0 | 1 }[] = [];
  /** Counts so far. */
  readonly stats = { predictions: 0, feedback: 0, errors: 0, maxBacklog: 0 };

  constructor(options: TrafficReplayOptions) {
    this.#o = options;
    this.#order = shuffled(options.patients, 20261123);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops sending, waits for the last batch and the outcomes already on their way; outcomes not yet due are dropped. */
  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#due.length = 0;
    await Promise.allSettled([...this.#pendingFeedback]);
  }

  async #run(): Promise<void> {
    let visit = 0;
    let next = 0;
    while (this.#running) {
      const sent: ReplayPatient[] = [];
      for (let i = 0; i < this.#o.batch; i++) sent.push(this.#order[next++ % this.#order.length]);
      visit++;
      try {
        const body = { patients: sent.map((p) => ({ patient_id: `${p.patientId}#${visit}`, features: p.features })) };
        const { results } = await this.#o.client.post<{ results: Answer[] }>('/api/v1/predict/batch', body);
        for (const r of results) {
          if (!r.ok || !r.prediction) {
            this.stats.errors++;
            this.#o.onError?.(`prediction of ${sent[r.index].patientId} failed: ${JSON.stringify(r.error ?? null)}`);
            continue;
          }
          this.stats.predictions++;
          this.#o.onAnswer?.(r.prediction.model.version, r.prediction.served_by);
          if ((this.stats.predictions * 7919) % 100 < this.#o.feedbackShare * 100) this.#feedBackLater(r.prediction.prediction_id, sent[r.index].outcome);
        }
      } catch (e) {
        this.stats.errors++;
        this.#o.onError?.((e as Error).message);
      }
      await new Promise((resolve) => setTimeout(resolve, this.#o.pauseMs));
      // Back-pressure: outcomes must reach the server about when they are due, or the analysis
      // judges without them; wait while more than a batch's worth are queued.
      while (this.#running && this.#due.length > MAX_FEEDBACK_BACKLOG) await new Promise((resolve) => setTimeout(resolve, this.#o.pauseMs));
    }
  }

  #feedBackLater(predictionId: string, outcome: 0 | 1): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#due.push({ predictionId, outcome });
      this.stats.maxBacklog = Math.max(this.stats.maxBacklog, this.#due.length);
      this.#pump();
    }, this.#o.feedbackDelayMs);
    this.#timers.add(timer);
  }

  /** Sends due outcomes with at most FEEDBACK_CONCURRENCY requests in flight (a clinic's system, not a flood). */
  #pump(): void {
    while (this.#pendingFeedback.size < FEEDBACK_CONCURRENCY && this.#due.length > 0) {
      const { predictionId, outcome } = this.#due.shift()!;
      const done: Promise<void> = this.#o.client.post('/api/v1/feedback', { prediction_id: predictionId, outcome })
        .then(() => { this.stats.feedback++; })
        .catch((e: unknown) => { this.stats.errors++; this.#o.onError?.(`feedback failed: ${(e as Error).message}`); })
        .finally(() => {
          this.#pendingFeedback.delete(done);
          if (this.#running) this.#pump();
        });
      this.#pendingFeedback.add(done);
    }
  }
}
