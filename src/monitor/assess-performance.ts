import { NO_ESTIMATE, computeAuc, hanleyMcNeilInterval, meanInterval, wilsonInterval, type Estimate } from '../stats/index.js';
import { computeConfusion } from '../train/index.js';

/** A prediction with its fed-back outcome (the store's LabelledPrediction fits). */
export interface LabelledOutcome {
  readonly modelVersion: string;
  readonly probability: number;
  readonly outcome: 0 | 1;
  /** When the prediction was made (epoch ms): buckets are by prediction time. */
  readonly predictedAt: number;
  /** The threshold the model answered with; the options' default when absent. */
  readonly threshold?: number;
}

/** Realized quality over one period. Estimates are null where undefined (e.g. AUC with one class). */
export interface PerformancePoint {
  /** Period start (inclusive) and end (exclusive), epoch ms. */
  readonly from: number;
  readonly to: number;
  /** Labelled cases, and how many were positive. */
  readonly n: number;
  readonly positives: number;
  readonly auc: Estimate;
  readonly accuracy: Estimate;
  readonly sensitivity: Estimate;
  readonly specificity: Estimate;
  readonly brier: Estimate;
}

/** One model version's realized quality: over the whole range and per time bucket. */
export interface VersionPerformance {
  readonly modelVersion: string;
  readonly overall: PerformancePoint;
  readonly buckets: readonly PerformancePoint[];
}

/** The JSON body of `GET /api/v1/monitoring/performance`. */
export interface PerformanceReport {
  /** Confidence level of every interval. */
  readonly level: number;
  readonly bucketMs: number;
  readonly versions: readonly VersionPerformance[];
}

/** Options of {@link assessPerformance}. */
export interface PerformanceOptions {
  /** Width of a time bucket in ms (e.g. a day). */
  readonly bucketMs: number;
  /** Threshold for rows that carry none. */
  readonly threshold?: number;
  /** Confidence level, 0.95 by default. */
  readonly level?: number;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Realized AUC (Hanley–McNeil interval), accuracy, sensitivity and specificity (Wilson
 * intervals) and Brier score (normal interval) of labelled predictions, with the number of
 * labelled cases. Pure: the same rows always give the same report.
 */
export function assessPoint(rows: readonly LabelledOutcome[], from: number, to: number, options: Omit<PerformanceOptions, 'bucketMs'> = {}): PerformancePoint {
  const level = options.level ?? 0.95;
  const y = Uint8Array.from(rows, (r) => r.outcome);
  const p = Float64Array.from(rows, (r) => r.probability);
  const positives = y.reduce((a, v) => a + v, 0);
  const negatives = rows.length - positives;
  // Rows may carry different thresholds (a rollout moved it): decide each row on its own.
  const decided = Uint8Array.from(rows, (r) => (r.probability >= (r.threshold ?? options.threshold ?? 0.5) ? 1 : 0));
  const c = computeConfusion(y, decided, 1);
  const auc = finite(computeAuc(y, p));
  return {
    from, to, n: rows.length, positives,
    auc: auc === null ? NO_ESTIMATE : hanleyMcNeilInterval(auc, positives, negatives, level),
    accuracy: wilsonInterval(c.tp + c.tn, rows.length, level),
    sensitivity: wilsonInterval(c.tp, positives, level),
    specificity: wilsonInterval(c.tn, negatives, level),
    brier: meanInterval(rows.map((r) => (r.probability - r.outcome) ** 2), level),
  };
}

/**
 * Groups labelled predictions by model version and by `bucketMs` period of prediction time
 * (only periods that hold cases), and assesses each. Versions are listed in name order.
 */
export function assessPerformance(rows: readonly LabelledOutcome[], options: PerformanceOptions): PerformanceReport {
  const { bucketMs } = options;
  const byVersion = new Map<string, LabelledOutcome[]>();
  for (const r of rows) {
    if (!Number.isFinite(r.probability)) continue;
    const list = byVersion.get(r.modelVersion) ?? [];
    list.push(r);
    byVersion.set(r.modelVersion, list);
  }
  const versions = [...byVersion.keys()].sort().map((modelVersion): VersionPerformance => {
    const list = byVersion.get(modelVersion)!;
    const byBucket = new Map<number, LabelledOutcome[]>();
    for (const r of list) {
      const start = Math.floor(r.predictedAt / bucketMs) * bucketMs;
      const bucket = byBucket.get(start);
      if (bucket) bucket.push(r);
      else byBucket.set(start, [r]);
    }
    const starts = [...byBucket.keys()].sort((a, b) => a - b);
    const from = starts[0];
    const to = starts[starts.length - 1] + bucketMs;
    return {
      modelVersion,
      overall: assessPoint(list, from, to, options),
      buckets: starts.map((s) => assessPoint(byBucket.get(s)!, s, s + bucketMs, options)),
    };
  });
  return { level: options.level ?? 0.95, bucketMs, versions };
}
