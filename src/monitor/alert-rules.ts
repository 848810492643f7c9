/** Names of the alert rules; the same names are used by deploy/prometheus/alerts.yml. */
export const ALERT_NAMES = [
  'HighErrorRate', 'CriticalErrorRate', 'HighLatencyP95', 'LowRealizedAccuracy', 'HighMemory',
  'FeatureDrift', 'BreakerOpen', 'RolloutPaused', 'RolloutRolledBack',
] as const;
export type AlertName = (typeof ALERT_NAMES)[number];

/** Severities, mildest first. */
export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/**
 * The runbook's alert thresholds, configurable per environment. A `null` bound disables its
 * rule. Durations are in milliseconds.
 */
export interface AlertRules {
  /** Error rate above which HighErrorRate (warning) fires. */
  readonly errorRateWarning: number | null;
  /** Error rate above which CriticalErrorRate fires. */
  readonly errorRateCritical: number | null;
  /** 95th percentile latency bound of HighLatencyP95. */
  readonly latencyP95Ms: number | null;
  /** Realized accuracy below which LowRealizedAccuracy fires. */
  readonly minAccuracy: number | null;
  /** Memory fraction of the limit above which HighMemory fires. */
  readonly memoryFraction: number | null;
  /** PSI above which a feature with a significant shift fires FeatureDrift. */
  readonly featurePsi: number | null;
  readonly breakerOpen: boolean;
  readonly rolloutPaused: boolean;
  readonly rolloutRolledBack: boolean;
  /** Requests in an arm's window below which its error rate and latency are not judged. */
  readonly minRequests: number;
  /** Labelled cases below which realized accuracy is not judged. */
  readonly minLabelled: number;
  /** A condition must hold this long before it fires (Prometheus' `for`). */
  readonly forMs: number;
  /** A firing alert resolves only after its condition has been absent this long (no flapping). */
  readonly resolveAfterMs: number;
  /** How long after a rollback RolloutRolledBack keeps firing. */
  readonly rollbackAlertMs: number;
}

/** The runbook's rules: error rate 1 % / 5 %, p95 200 ms, accuracy 0.80, memory 85 %, PSI 0.25. */
export const DEFAULT_ALERT_RULES: AlertRules = Object.freeze({
  errorRateWarning: 0.01,
  errorRateCritical: 0.05,
  latencyP95Ms: 200,
  minAccuracy: 0.8,
  memoryFraction: 0.85,
  featurePsi: 0.25,
  breakerOpen: true,
  rolloutPaused: true,
  rolloutRolledBack: true,
  // 20 requests: one error is already 5 %; fewer would fire on a single failure.
  minRequests: 20,
  // 30 labels give a Wilson interval about ±0.15 wide around 0.8: the least worth alerting on.
  minLabelled: 30,
  forMs: 60_000,
  resolveAfterMs: 60_000,
  rollbackAlertMs: 3_600_000,
});
