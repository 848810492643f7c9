import type { DriftReport } from './drift-report.js';

/**
 * Everything the alert rules look at, gathered by the server at one instant: arm windows,
 * realized accuracy, memory, drift, breakers and rollouts. Plain data; NaN = unknown.
 */
export interface AlertSnapshot {
  readonly arms: readonly { readonly modelVersion: string; readonly arm: string; readonly requests: number; readonly errors: number; readonly p95Ms: number }[];
  readonly accuracy: readonly { readonly modelVersion: string; readonly value: number; readonly n: number }[];
  readonly memoryFraction: number;
  readonly drift: readonly DriftFinding[];
  readonly breakers: readonly { readonly modelVersion: string; readonly open: boolean }[];
  /** Rollouts worth alerting on, with the phase they are in and since when (epoch ms). */
  readonly rollouts: readonly { readonly id: string; readonly phase: string; readonly since: number }[];
}

/** One feature's drift as the rules see it. */
export interface DriftFinding {
  readonly modelVersion: string;
  readonly feature: string;
  readonly psi: number | null;
  /** True when the drift report judged the shift large and significant (verdict `drift`). */
  readonly significant: boolean;
}

/** An empty snapshot to build on. */
export const EMPTY_SNAPSHOT: AlertSnapshot = Object.freeze({ arms: [], accuracy: [], memoryFraction: Number.NaN, drift: [], breakers: [], rollouts: [] });

/** The findings of a drift report: features and risk with enough data (never `not_enough_data` ones). */
export function driftFindings(report: DriftReport): DriftFinding[] {
  const modelVersion = report.modelVersion ?? 'unknown';
  return [...report.features, report.risk]
    .filter((f) => f.verdict !== 'not_enough_data')
    .map((f) => ({ modelVersion, feature: f.feature, psi: f.psi, significant: f.verdict === 'drift' }));
}
