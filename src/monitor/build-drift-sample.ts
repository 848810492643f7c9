import type { DriftSample } from './arm-window.js';

/** A recorded prediction as the drift sample needs it (the store's PredictionRecord fits). */
export interface RecordedInput {
  /** Feature values by name; null or absent = missing. */
  readonly input: { readonly [name: string]: unknown };
  readonly probability: number;
  /** Failed predictions (non-null error) are left out. */
  readonly error?: string | null;
}

/**
 * Turns recorded predictions into a drift sample with columns in `features` order (the
 * profile's). Non-numeric values count as missing; failed predictions are skipped.
 */
export function buildDriftSample(features: readonly string[], records: readonly RecordedInput[]): DriftSample {
  const ok = records.filter((r) => !r.error);
  const p = features.length;
  const x = new Float64Array(ok.length * p);
  const probabilities = new Float64Array(ok.length);
  ok.forEach((r, i) => {
    for (let j = 0; j < p; j++) {
      const v = r.input[features[j]];
      x[i * p + j] = typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
    }
    probabilities[i] = r.probability;
  });
  return { n: ok.length, featureCount: p, x, probabilities };
}
