import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prefix of every metric riskgate exports, process metrics included. */
export const METRIC_PREFIX = 'riskgate_';

/** Rollout events counted by `riskgate_rollout_events_total`; pre-set to 0 so `increase()` sees the first one. */
export const ROLLOUT_EVENTS = ['started', 'step', 'paused', 'resumed', 'promoted', 'rolled_back', 'aborted', 'completed'] as const;
export type RolloutEvent = (typeof ROLLOUT_EVENTS)[number];

/** Circuit-breaker states as the numbers `riskgate_breaker_state` reports. */
export const BREAKER_STATE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;
export type BreakerStateName = keyof typeof BREAKER_STATE_VALUES;

const GAUGES_NAMED_LIKE_COUNTERS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

// Request durations of the HTTP layer, in seconds: the runbook's p95 bound (200 ms) sits on an edge.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5];
// Model compute time is far shorter than a request: sub-millisecond resolution.
const PREDICTION_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
// Predicted risk in tenths: the risk distribution panel and the risk bands read from these.
const RISK_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/**
 * Typed handles to every riskgate metric, all in one registry. The server calls the handles;
 * `/metrics` serves `registry.metrics()` with `registry.contentType`.
 */
export interface RiskgateMetrics {
  readonly registry: Registry;
  /** HTTP requests by route pattern (never the raw URL), method and status code. */
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  /** HTTP request duration in seconds, by route pattern and method. */
  readonly httpDuration: Histogram<'route' | 'method'>;
  /** Predictions answered, by model version and arm (stable, canary, shadow…). */
  readonly predictions: Counter<'model_version' | 'arm'>;
  /** Predictions that failed inside the model (thrown, timed out), by version and arm. */
  readonly predictionErrors: Counter<'model_version' | 'arm'>;
  /** Distribution of predicted risk (probability), by version and arm. */
  readonly predictedRisk: Histogram<'model_version' | 'arm'>;
  /** Model compute time in seconds, by version and arm. */
  readonly predictionDuration: Histogram<'model_version' | 'arm'>;
  /** Share of traffic (0–1) each arm of a rollout receives. */
  readonly rolloutWeight: Gauge<'rollout_id' | 'model_version' | 'arm'>;
  /** Rollout events (see {@link ROLLOUT_EVENTS}). */
  readonly rolloutEvents: Counter<'event'>;
  /** 1 for the phase each rollout is in (kube-state-metrics style); set through setRolloutPhase. */
  readonly rolloutPhase: Gauge<'rollout_id' | 'phase'>;
  /** Circuit breaker per version: 0 closed, 1 half-open, 2 open. */
  readonly breakerState: Gauge<'model_version'>;
  /** Population stability index of each feature (and `__risk__` for predicted risk) over the live window. */
  readonly driftPsi: Gauge<'model_version' | 'feature'>;
  /** Realized accuracy over labelled predictions, set only once there are enough labels. */
  readonly realizedAccuracy: Gauge<'model_version'>;
  /** Resident memory as a fraction of the memory limit. */
  readonly memoryUsage: Gauge;
  /** Alerts currently firing in the server, by rule and severity (one per subject: version, feature…). */
  readonly alertsFiring: Gauge<'alert' | 'severity'>;
  /** Records one HTTP request. */
  observeHttp(route: string, method: string, status: number, seconds: number): void;
  /** Records one answered prediction (or a failure when `error` is true). */
  observePrediction(p: { modelVersion: string; arm: string; seconds: number; probability?: number; error?: boolean }): void;
  /** Marks `phase` as the current phase of rollout `id` (its previous phase series is removed). */
  setRolloutPhase(id: string, phase: string): void;
  /** Sets a circuit breaker's state. */
  setBreakerState(modelVersion: string, state: BreakerStateName): void;
}

/**
 * Creates a fresh registry holding every riskgate metric and the default process metrics
 * (prefixed `riskgate_`). Each call is independent, so tests and several apps in one process
 * never collide.
 */
export function createMetrics(): RiskgateMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  // prom-client names three gauges `…_total`, which promtool rejects (a suffix reserved for
  // counters); their per-type twins (`riskgate_nodejs_active_handles{type}` …) carry the same data.
  for (const name of GAUGES_NAMED_LIKE_COUNTERS) registry.removeSingleMetric(`${METRIC_PREFIX}${name}`);
  const registers = [registry];
  const httpRequests = new Counter({ name: 'riskgate_http_requests_total', help: 'HTTP requests by route, method and status.', labelNames: ['route', 'method', 'status'] as const, registers });
  const httpDuration = new Histogram({ name: 'riskgate_http_request_duration_seconds', help: 'HTTP request duration in seconds.', labelNames: ['route', 'method'] as const, buckets: HTTP_BUCKETS, registers });
  const predictions = new Counter({ name: 'riskgate_predictions_total', help: 'Predictions answered, by model version and arm.', labelNames: ['model_version', 'arm'] as const, registers });
  const predictionErrors = new Counter({ name: 'riskgate_prediction_errors_total', help: 'Predictions that failed in the model, by version and arm.', labelNames: ['model_version', 'arm'] as const, registers });
  const predictedRisk = new Histogram({ name: 'riskgate_predicted_risk', help: 'Predicted risk (probability of disease), by version and arm.', labelNames: ['model_version', 'arm'] as const, buckets: RISK_BUCKETS, registers });
  const predictionDuration = new Histogram({ name: 'riskgate_prediction_duration_seconds', help: 'Model compute time in seconds, by version and arm.', labelNames: ['model_version', 'arm'] as const, buckets: PREDICTION_BUCKETS, registers });
  const rolloutWeight = new Gauge({ name: 'riskgate_rollout_weight_ratio', help: 'Share of traffic (0-1) each rollout arm receives.', labelNames: ['rollout_id', 'model_version', 'arm'] as const, registers });
  const rolloutEvents = new Counter({ name: 'riskgate_rollout_events_total', help: 'Rollout events (started, paused, rolled_back…).', labelNames: ['event'] as const, registers });
  const rolloutPhase = new Gauge({ name: 'riskgate_rollout_phase', help: 'Current phase of each rollout (1 for the phase it is in).', labelNames: ['rollout_id', 'phase'] as const, registers });
  const phases = new Map<string, string>();
  const breakerState = new Gauge({ name: 'riskgate_breaker_state', help: 'Circuit breaker state per model version: 0 closed, 1 half-open, 2 open.', labelNames: ['model_version'] as const, registers });
  const driftPsi = new Gauge({ name: 'riskgate_drift_psi', help: 'Population stability index per feature over the live window.', labelNames: ['model_version', 'feature'] as const, registers });
  const realizedAccuracy = new Gauge({ name: 'riskgate_realized_accuracy_ratio', help: 'Realized accuracy over labelled predictions.', labelNames: ['model_version'] as const, registers });
  const memoryUsage = new Gauge({ name: 'riskgate_memory_usage_ratio', help: 'Resident memory as a fraction of the memory limit.', registers });
  const alertsFiring = new Gauge({ name: 'riskgate_alerts_firing', help: 'Alerts currently firing in the server, by rule and severity.', labelNames: ['alert', 'severity'] as const, registers });
  // Counters that alerting rules read through increase() must exist at 0 before their first event.
  for (const event of ROLLOUT_EVENTS) rolloutEvents.labels(event).inc(0);
  return {
    registry, httpRequests, httpDuration, predictions, predictionErrors, predictedRisk, predictionDuration,
    rolloutWeight, rolloutEvents, rolloutPhase, breakerState, driftPsi, realizedAccuracy, memoryUsage, alertsFiring,
    observeHttp(route, method, status, seconds) {
      httpRequests.labels(route, method, String(status)).inc();
      httpDuration.labels(route, method).observe(seconds);
    },
    observePrediction({ modelVersion, arm, seconds, probability, error }) {
      predictionDuration.labels(modelVersion, arm).observe(seconds);
      if (error) {
        predictionErrors.labels(modelVersion, arm).inc();
        return;
      }
      predictions.labels(modelVersion, arm).inc();
      if (probability !== undefined && Number.isFinite(probability)) predictedRisk.labels(modelVersion, arm).observe(probability);
    },
    setRolloutPhase(id, phase) {
      const previous = phases.get(id);
      if (previous !== undefined && previous !== phase) rolloutPhase.remove(id, previous);
      phases.set(id, phase);
      rolloutPhase.labels(id, phase).set(1);
    },
    setBreakerState(modelVersion, state) {
      breakerState.labels(modelVersion).set(BREAKER_STATE_VALUES[state]);
    },
  };
}
