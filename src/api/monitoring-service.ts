import type { Config } from '../config/index.js';
import {
  assessPerformance, buildDriftSample, compareToReference, type ArmWindows, type DriftReport, type DriftResponse, type DriftUnavailable,
  type LabelledOutcome, type PerformanceReport,
} from '../monitor/index.js';
import type { IncidentRecord, PredictionRecord, Store } from '../store/index.js';
import type { ReferenceProfiles } from './reference-profiles.js';

/** Most recorded predictions one drift request reads (the newest of the window when there are more). */
export const DRIFT_MAX_ROWS = 50_000;
/** Most labelled predictions one performance request reads. */
export const PERFORMANCE_MAX_ROWS = 100_000;
/** Performance looks back this far unless `since` says otherwise (30 days). */
export const PERFORMANCE_DEFAULT_LOOKBACK_MS = 30 * 86_400_000;
/** Performance buckets are a day wide unless `bucket` says otherwise. */
export const PERFORMANCE_DEFAULT_BUCKET_MS = 86_400_000;
/** Threshold for recorded predictions that carry none. */
const DEFAULT_THRESHOLD = 0.5;

/** One arm's live numbers, as `GET /api/v1/monitoring/live` and the dashboard's overview show them. */
export interface LiveArm {
  readonly version: string;
  readonly arm: string;
  readonly count: number;
  readonly requests_per_s: number;
  readonly error_rate: number;
  readonly p95_ms: number | null;
  readonly mean_risk: number | null;
}

/** An alert incident as `GET /api/v1/alerts` shows it. */
export interface AlertItem {
  readonly id: string;
  readonly rule: string;
  readonly key: string;
  readonly severity: string;
  readonly state: 'firing' | 'resolved';
  readonly started_at: string;
  readonly resolved_at: string | null;
  readonly message: string;
}

/** What a {@link MonitoringService} reads. */
export interface MonitoringServiceOptions {
  readonly config: Config;
  readonly store: Store;
  readonly windows: ArmWindows;
  readonly profiles: ReferenceProfiles;
  /** Commits predictions still queued in this process's recorder, so a read sees them. */
  readonly flush?: () => Promise<void>;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
const threshold = (output: { readonly [k: string]: unknown }): number => (typeof output.threshold === 'number' ? output.threshold : DEFAULT_THRESHOLD);

/**
 * The read side of monitoring behind the HTTP routes: drift of recorded predictions against
 * each version's training profile, realized performance from fed-back outcomes, live arm
 * statistics of this process, and stored alert incidents. Time is a parameter.
 */
export class MonitoringService {
  readonly #o: MonitoringServiceOptions;

  constructor(options: MonitoringServiceOptions) {
    this.#o = options;
  }

  /**
   * Drift per (version, arm) over the window ending at `now`, from the recorded predictions
   * (every replica's). A version asked for by name is reported even with no predictions
   * ("not enough data"); versions without a reference profile are listed as unavailable.
   */
  async drift(q: { readonly version?: string; readonly arm?: string; readonly windowMs?: number }, now: number): Promise<DriftResponse> {
    const { config, store, profiles } = this.#o;
    await this.#o.flush?.();
    const windowMs = q.windowMs ?? config.monitoring.window_seconds * 1000;
    const from = now - windowMs;
    const records = await store.predictions.listWindow({ since: from, until: now + 1, modelVersion: q.version, arm: q.arm }, DRIFT_MAX_ROWS);
    const groups = new Map<string, { modelVersion: string; arm: string | null; rows: PredictionRecord[] }>();
    for (const r of records) {
      const key = `${r.modelVersion}\u0000${r.arm}`;
      const g = groups.get(key) ?? { modelVersion: r.modelVersion, arm: r.arm, rows: [] };
      g.rows.push(r);
      groups.set(key, g);
    }
    if (groups.size === 0) {
      // Nothing recorded: say so for the version asked about (or production) rather than answer nothing.
      const version = q.version ?? (await store.aliases.get('production'));
      if (version) groups.set('', { modelVersion: version, arm: q.arm ?? null, rows: [] });
    }
    const reports: DriftReport[] = [];
    const unavailable: DriftUnavailable[] = [];
    for (const g of groups.values()) {
      const found = await profiles.get(g.modelVersion);
      const n = g.rows.filter((r) => !r.error).length;
      if (!found.profile) {
        unavailable.push({ modelVersion: g.modelVersion, arm: g.arm, n, reason: found.reason });
        continue;
      }
      const sample = buildDriftSample(found.profile.features.map((f) => f.name), g.rows);
      reports.push(compareToReference(found.profile, sample, { minSample: config.monitoring.drift_min_sample }, { modelVersion: g.modelVersion, arm: g.arm, window: { from, to: now } }));
    }
    return { generatedAt: now, reports, unavailable };
  }

  /** Realized AUC, accuracy, sensitivity, specificity and Brier (with intervals and counts) per version and time bucket. */
  async performance(q: { readonly version?: string; readonly since?: number; readonly until?: number; readonly bucketMs?: number }, now: number): Promise<PerformanceReport & { readonly since: number; readonly until: number }> {
    await this.#o.flush?.();
    const since = q.since ?? now - PERFORMANCE_DEFAULT_LOOKBACK_MS;
    const until = q.until ?? now + 1;
    const rows = await this.#o.store.feedback.listLabelled({ since, until, modelVersion: q.version }, PERFORMANCE_MAX_ROWS);
    const outcomes: LabelledOutcome[] = rows.map((r) => ({
      modelVersion: r.modelVersion, probability: r.probability, outcome: r.outcome, predictedAt: r.predictedAt, threshold: threshold(r.output),
    }));
    return { ...assessPerformance(outcomes, { bucketMs: q.bucketMs ?? PERFORMANCE_DEFAULT_BUCKET_MS }), since, until };
  }

  /** This process's arm windows at `now`: request rate, error rate, p95 latency and mean risk per arm. */
  live(now: number): { readonly at: string; readonly window_seconds: number; readonly arms: LiveArm[] } {
    const seconds = this.#o.config.monitoring.window_seconds;
    const arms = this.#o.windows.summaries(now).map((s) => ({
      version: s.modelVersion, arm: s.arm, count: s.requests,
      requests_per_s: s.requests / seconds,
      error_rate: s.errorRate,
      p95_ms: finiteOrNull(s.p95Ms),
      mean_risk: finiteOrNull(s.meanRisk),
    }));
    return { at: new Date(now).toISOString(), window_seconds: seconds, arms };
  }

  /** Stored alert incidents, newest first. */
  async alerts(q: { readonly state?: 'firing' | 'resolved'; readonly limit?: number }): Promise<AlertItem[]> {
    const incidents = await this.#o.store.alerts.list({ state: q.state, limit: q.limit });
    return incidents.map(presentIncident);
  }
}

/** An incident as the API shows it; its message is the summary written when it fired. */
export function presentIncident(i: IncidentRecord): AlertItem {
  const summary = typeof i.details.summary === 'string' ? i.details.summary : i.rule;
  return {
    id: i.id, rule: i.rule, key: i.key, severity: i.severity, state: i.state,
    started_at: new Date(i.startedAt).toISOString(),
    resolved_at: i.resolvedAt === null ? null : new Date(i.resolvedAt).toISOString(),
    message: summary,
  };
}
