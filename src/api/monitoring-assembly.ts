import type { Config } from '../config/index.js';
import {
  AlertEvaluator, AlertManager, alertRulesFromConfig, compareToReference, driftFindings, measureMemoryFraction, publishDriftReport,
  readMemoryLimit, WebhookNotifier, type AlertSnapshot, type ArmWindows, type DriftFinding, type RiskgateMetrics,
} from '../monitor/index.js';
import type { ModelRegistry } from '../registry/index.js';
import type { CircuitBreakers, ModelPool } from '../serving/index.js';
import type { Store } from '../store/index.js';
import type { HealthCheck } from './app-deps.js';
import { MonitoringService } from './monitoring-service.js';
import { ReferenceProfiles } from './reference-profiles.js';

/** Realized accuracy is judged over predictions of the last day that have an outcome. */
export const ACCURACY_LOOKBACK_MS = 86_400_000;
/** Shutdown waits at most this long for queued notifications (the webhook may be down and retrying). */
const NOTIFY_DRAIN_MS = 5_000;
/** Recent rollouts looked at for paused and rolled-back alerts. */
const RECENT_ROLLOUTS = 5;
/** The rollout machine's phase names that the alert rules know under another spelling. */
const RULE_PHASES: Readonly<Record<string, string>> = { 'rolled-back': 'rolled_back' };

/**
 * Lets the requests that arrived meanwhile run before the next part of an evaluation: each
 * part holds the serving thread a few milliseconds at most, where the whole evaluation in one
 * go held it for ~25 ms under load (measured with a CPU profile during bench/http.bench.ts).
 */
function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Where monitoring reports its own failures (pino's shape; the app's logger). */
export interface MonitoringLog {
  error(obj: object, msg: string): void;
}

/** What the server's monitoring is built from. */
export interface MonitoringAssemblyOptions {
  readonly config: Config;
  readonly store: Store;
  readonly registry?: ModelRegistry;
  readonly pool: ModelPool;
  readonly breakers: CircuitBreakers;
  readonly windows: ArmWindows;
  readonly metrics: RiskgateMetrics;
  /** Commits queued predictions before a read (the recorder's flush). */
  readonly flush?: () => Promise<void>;
  /** Told about failed alert evaluations and undeliverable notifications (or given to start). */
  readonly log?: MonitoringLog;
  readonly clock?: () => number;
}

/** The assembled monitoring of one server. */
export interface MonitoringAssembly {
  /** Read side of the monitoring routes. */
  readonly service: MonitoringService;
  readonly profiles: ReferenceProfiles;
  /** The webhook notifier on alerts.webhook_url (ALERT_WEBHOOK), shared with the rollout controller; undefined without a URL. */
  readonly notifier: WebhookNotifier | undefined;
  readonly alerts: AlertManager;
  /** /health/detailed: the last alert evaluation and webhook deliveries. */
  readonly healthCheck: HealthCheck;
  /** Gathers the alert snapshot at the clock's now (also what each tick evaluates). */
  snapshot(): Promise<AlertSnapshot>;
  /** Starts evaluating alerts every alerts.evaluate_interval_seconds (idempotent); failures go to `log` from then on. */
  start(log?: MonitoringLog): void;
  /** Stops evaluating, waits for a running evaluation and (up to 5 s) for queued notifications. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Builds the server's monitoring: reference profiles, the monitoring service behind the
 * routes, and the alert manager evaluating the runbook's rules on a schedule over a snapshot
 * of the arm windows (error rate, p95), realized accuracy from feedback, memory, drift of the
 * arm windows against the reference profiles (off the request path), breakers and the
 * environment's recent rollouts. Incidents go to store.alerts, notifications to the webhook.
 * Also keeps the memory, realized accuracy and drift gauges current.
 */
export function assembleMonitoring(o: MonitoringAssemblyOptions): MonitoringAssembly {
  const { config, store, windows, metrics, breakers, pool } = o;
  const clock = o.clock ?? Date.now;
  let log = o.log;
  const report = (e: unknown, msg: string): void => {
    try {
      log?.error({ err: e }, msg);
    } catch {
      // logging must not break monitoring
    }
  };
  const profiles = new ReferenceProfiles(o.registry);
  const service = new MonitoringService({ config, store, windows, profiles, flush: o.flush });
  const url = config.alerts.webhook_url;
  const notifier = url
    ? new WebhookNotifier({ url, onFailure: (n, reason) => report(new Error(reason), `alert notification ${n.rule} ${n.status} not delivered`) })
    : undefined;
  const memoryLimit = readMemoryLimit();
  let last: { at: number; error: string | null } | null = null;

  /** Realized accuracy per version over the lookback, each prediction judged at its own threshold. */
  const accuracy = async (now: number): Promise<AlertSnapshot['accuracy']> => {
    const rows = await store.feedback.listLabelled({ since: now - ACCURACY_LOOKBACK_MS, until: now + 1 }, 100_000);
    const byVersion = new Map<string, { right: number; n: number }>();
    for (const r of rows) {
      const t = typeof r.output.threshold === 'number' ? r.output.threshold : 0.5;
      const v = byVersion.get(r.modelVersion) ?? { right: 0, n: 0 };
      v.n++;
      if ((r.probability >= t ? 1 : 0) === r.outcome) v.right++;
      byVersion.set(r.modelVersion, v);
    }
    return [...byVersion].map(([modelVersion, v]) => {
      metrics.realizedAccuracy.labels(modelVersion).set(v.right / v.n);
      return { modelVersion, value: v.right / v.n, n: v.n };
    });
  };

  /**
   * Drift of every arm window (this process's memory, no store read) against its version's
   * profile, at each evaluation: off the request path, and bounded by the windows' capacity.
   */
  const driftNow = async (now: number): Promise<DriftFinding[]> => {
    const findings: DriftFinding[] = [];
    for (const e of windows.list()) {
      await yieldToRequests();
      const { profile } = await profiles.get(e.modelVersion);
      // Windows keep rows in the production signature's width; a version of another shape is skipped.
      if (!profile || profile.features.length !== e.window.options.featureCount) continue;
      const r = compareToReference(profile, e.window.driftSample(now), { minSample: config.monitoring.drift_min_sample }, { modelVersion: e.modelVersion, arm: e.arm });
      publishDriftReport(metrics, r);
      findings.push(...driftFindings(r));
    }
    return findings;
  };

  const snapshot = async (): Promise<AlertSnapshot> => {
    const now = clock();
    try {
      const memoryFraction = measureMemoryFraction(memoryLimit);
      metrics.memoryUsage.set(memoryFraction);
      const rollouts = (await store.rollouts.list({ env: config.env, limit: RECENT_ROLLOUTS }))
        .filter((r) => r.phase === 'paused' || r.phase === 'rolled-back')
        .map((r) => ({ id: r.id, phase: RULE_PHASES[r.phase] ?? r.phase, since: r.updatedAt }));
      await yieldToRequests();
      const arms = windows.summaries(now).map((a) => ({ modelVersion: a.modelVersion, arm: a.arm, requests: a.requests, errors: a.errors, p95Ms: a.p95Ms }));
      await yieldToRequests();
      const s: AlertSnapshot = {
        arms,
        accuracy: await accuracy(now),
        memoryFraction,
        drift: await driftNow(now),
        breakers: pool.list().map((m) => ({ modelVersion: m.version, open: breakers.get(m.version).state(now) === 'open' })),
        rollouts,
      };
      last = { at: now, error: null };
      return s;
    } catch (e) {
      last = { at: now, error: e instanceof Error ? e.message : String(e) };
      throw e;
    }
  };

  const alerts = new AlertManager({
    evaluator: new AlertEvaluator(alertRulesFromConfig(config.alerts)),
    snapshot,
    incidents: store.alerts,
    notifier,
    intervalMs: config.alerts.evaluate_interval_seconds * 1000,
    environment: config.env,
    clock,
    metrics,
    onError: (e) => report(e, 'alert evaluation failed'),
  });

  let stopping: Promise<void> | null = null;
  return {
    service, profiles, notifier, alerts, snapshot,
    healthCheck: {
      name: 'alerts',
      essential: false,
      check: async () => ({
        ok: last === null || last.error === null,
        details: {
          last_evaluated_at: last ? new Date(last.at).toISOString() : null,
          error: last?.error ?? null,
          firing: alerts.firing().map((a) => `${a.rule}${a.key ? ` ${a.key}` : ''}`),
          webhook: notifier ? { ...notifier.stats } : null,
        },
      }),
    },
    start: (l) => {
      log = l ?? log;
      alerts.start();
    },
    stop: () => (stopping ??= (async () => {
      await alerts.stop();
      if (notifier) await Promise.race([notifier.idle(), new Promise<void>((resolve) => setTimeout(resolve, NOTIFY_DRAIN_MS).unref())]);
    })()),
  };
}
