import type { AlertRules } from './alert-rules.js';

/** The `alerts` section of environments.yml (src/config), as far as the rules use it. */
export interface AlertSettings {
  readonly error_rate_warning: number;
  readonly error_rate_critical: number;
  readonly p95_latency_ms: number;
  readonly accuracy_min: number;
  readonly memory_max_fraction: number;
  readonly drift_psi_max: number;
  readonly for_seconds?: number;
  readonly resolve_after_seconds?: number;
}

/** Maps the configuration's alert thresholds and timings onto {@link AlertRules} (other rules keep their defaults). */
export function alertRulesFromConfig(a: AlertSettings): Partial<AlertRules> {
  return {
    errorRateWarning: a.error_rate_warning,
    errorRateCritical: a.error_rate_critical,
    latencyP95Ms: a.p95_latency_ms,
    minAccuracy: a.accuracy_min,
    memoryFraction: a.memory_max_fraction,
    featurePsi: a.drift_psi_max,
    ...(a.for_seconds === undefined ? {} : { forMs: a.for_seconds * 1000 }),
    ...(a.resolve_after_seconds === undefined ? {} : { resolveAfterMs: a.resolve_after_seconds * 1000 }),
  };
}
