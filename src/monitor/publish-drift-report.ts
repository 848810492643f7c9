import type { DriftReport } from './drift-report.js';
import type { RiskgateMetrics } from './metrics.js';

/**
 * Sets `riskgate_drift_psi` from a drift report: features (and `__risk__`) with enough data get
 * their PSI; the others are removed, so Prometheus never alerts on a sample too small to judge.
 */
export function publishDriftReport(metrics: RiskgateMetrics, report: DriftReport): void {
  const version = report.modelVersion ?? 'unknown';
  for (const f of [...report.features, report.risk]) {
    if (f.verdict === 'not_enough_data' || f.psi === null) metrics.driftPsi.remove(version, f.feature);
    else metrics.driftPsi.labels(version, f.feature).set(f.psi);
  }
}
