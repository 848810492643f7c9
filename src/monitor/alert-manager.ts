import { randomUUID } from 'node:crypto';
import { alertId, type AlertEvaluator, type AlertState, type AlertTransition, type TrackedAlert } from './alert-evaluator.js';
import { describeTransition, type Notifier } from './alert-notification.js';
import type { AlertName, AlertSeverity } from './alert-rules.js';
import type { AlertSnapshot } from './alert-snapshot.js';
import type { IncidentStore } from './incident-store.js';
import type { RiskgateMetrics } from './metrics.js';

/** Timer functions, injectable so tests drive ticks themselves. */
export interface Scheduler {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const NODE_SCHEDULER: Scheduler = {
  setInterval: (fn, ms) => setInterval(fn, ms).unref(),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

/** Dependencies and settings of an {@link AlertManager}. */
export interface AlertManagerOptions {
  readonly evaluator: AlertEvaluator;
  /** Gathers the current snapshot; may be async; a throw skips the tick (reported to onError). */
  readonly snapshot: () => AlertSnapshot | Promise<AlertSnapshot>;
  /** `store.alerts`, or a MemoryIncidentStore. */
  readonly incidents: IncidentStore;
  readonly notifier?: Notifier;
  readonly intervalMs: number;
  /** The environment name shown in notifications. */
  readonly environment?: string;
  readonly clock?: () => number;
  readonly scheduler?: Scheduler;
  /** Sets riskgate_alerts_firing when given. */
  readonly metrics?: RiskgateMetrics;
  /** Told about failed ticks (store down, snapshot failed); must not throw. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Runs the evaluator on a schedule and turns its transitions into incidents and notifications:
 * each incident is stored once and notified once when it fires, and once more when it
 * resolves. The store decides what is new (`open` reports `created`), so replicas sharing a
 * database — and a restarted process — do not repeat a notification. Ticks never overlap
 * and never throw.
 */
export class AlertManager {
  readonly #o: AlertManagerOptions;
  readonly #clock: () => number;
  #state: AlertState = new Map();
  #handle: unknown = null;
  #ticking: Promise<readonly AlertTransition[]> | null = null;
  #loaded = false;

  constructor(options: AlertManagerOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
  }

  /** Starts ticking every intervalMs (idempotent). */
  start(): void {
    if (this.#handle !== null) return;
    this.#handle = (this.#o.scheduler ?? NODE_SCHEDULER).setInterval(() => void this.tick(), this.#o.intervalMs);
  }

  /** Stops ticking and waits for a tick in progress. */
  async stop(): Promise<void> {
    if (this.#handle !== null) (this.#o.scheduler ?? NODE_SCHEDULER).clearInterval(this.#handle);
    this.#handle = null;
    await this.#ticking;
  }

  /** Alerts currently firing, as the evaluator tracks them. */
  firing(): TrackedAlert[] {
    return [...this.#state.values()].filter((a) => a.phase === 'firing');
  }

  /** Evaluates once now; returns the transitions it handled (none when a tick was already running). */
  tick(): Promise<readonly AlertTransition[]> {
    if (this.#ticking) return Promise.resolve([]);
    this.#ticking = this.#tick().finally(() => {
      this.#ticking = null;
    });
    return this.#ticking;
  }

  /** Takes over incidents still firing in the store, so a restart does not notify them again. */
  async #load(now: number): Promise<void> {
    const open = await this.#o.incidents.list({ state: 'firing', limit: 1000 });
    const state = new Map(this.#state);
    for (const i of open) {
      const d = i.details;
      state.set(alertId(i.rule, i.key), {
        rule: i.rule as AlertName, key: i.key, severity: i.severity as AlertSeverity,
        summary: typeof d.summary === 'string' ? d.summary : i.rule,
        value: typeof d.value === 'number' ? d.value : Number.NaN,
        threshold: typeof d.threshold === 'number' ? d.threshold : Number.NaN,
        phase: 'firing', since: i.startedAt, lastSeen: now,
      });
    }
    this.#state = state;
    this.#loaded = true;
  }

  async #tick(): Promise<readonly AlertTransition[]> {
    try {
      const now = this.#clock();
      if (!this.#loaded) await this.#load(now);
      const snapshot = await this.#o.snapshot();
      const { state, transitions } = this.#o.evaluator.step(this.#state, snapshot, now);
      for (const t of transitions) await this.#apply(t);
      // State moves only after every transition is stored: a failed store write retries next tick.
      this.#state = state;
      this.#publish();
      return transitions;
    } catch (e) {
      this.#report(e);
      return [];
    }
  }

  async #apply(t: AlertTransition): Promise<void> {
    const { incidents, notifier, environment } = this.#o;
    const a = t.alert;
    if (t.type === 'firing') {
      const { incident, created } = await incidents.open({
        id: randomUUID(), rule: a.rule, key: a.key, severity: a.severity, startedAt: a.since,
        details: { summary: a.summary, value: a.value, threshold: a.threshold },
      });
      if (!created || incident.lastNotifiedAt !== null) return;
      notifier?.notify(describeTransition(t, incident.id, incident.startedAt, environment ?? null));
      await incidents.markNotified(incident.id, t.at);
      return;
    }
    const resolved = await incidents.resolve(a.rule, a.key, t.at);
    if (!resolved) return; // another replica resolved (and announced) it
    notifier?.notify(describeTransition(t, resolved.id, resolved.startedAt, environment ?? null));
    await incidents.markNotified(resolved.id, t.at);
  }

  #publish(): void {
    const gauge = this.#o.metrics?.alertsFiring;
    if (!gauge) return;
    gauge.reset();
    for (const a of this.firing()) gauge.labels(a.rule, a.severity).inc();
  }

  #report(e: unknown): void {
    try {
      this.#o.onError?.(e);
    } catch {
      // The error reporter failing must not stop the schedule.
    }
  }
}
