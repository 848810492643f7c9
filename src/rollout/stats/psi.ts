import { quantile, sortAscending } from './quantile.js';

/** Options of {@link populationStabilityIndex}. */
export interface PsiOptions {
  /** Number of quantile bins cut on the reference sample (default 10). */
  readonly bins?: number;
  /** Share given to an empty bin so the log stays finite (default 1e-4). */
  readonly epsilon?: number;
}

/**
 * Population stability index of `actual` against `reference`: Σ (a − r) · ln(a / r) over
 * bins cut at the reference's quantiles (ties collapse bins), each share smoothed by epsilon.
 * Pure; NaN when either sample is empty. 0.1 is the usual "moderate" and 0.25 the "major"
 * shift threshold.
 */
export function populationStabilityIndex(reference: readonly number[], actual: readonly number[], options: PsiOptions = {}): number {
  if (reference.length === 0 || actual.length === 0) return Number.NaN;
  const bins = options.bins ?? 10;
  const epsilon = options.epsilon ?? 1e-4;
  const sortedReference = sortAscending(reference);
  // Interior cut points at reference quantiles; duplicates are removed so a lumpy reference
  // (many identical risks) does not create empty, meaningless bins.
  const cuts = [...new Set(Array.from({ length: bins - 1 }, (_, i) => quantile(sortedReference, (i + 1) / bins)))];
  const referenceShares = shareByBin(reference, cuts);
  const actualShares = shareByBin(actual, cuts);
  let psi = 0;
  for (let k = 0; k < referenceShares.length; k++) {
    const r = Math.max(referenceShares[k], epsilon);
    const a = Math.max(actualShares[k], epsilon);
    psi += (a - r) * Math.log(a / r);
  }
  return psi;
}

/** Share of the sample in each bin (−∞, c0], (c0, c1], …, (c_last, +∞). */
function shareByBin(sample: readonly number[], cuts: readonly number[]): number[] {
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (const value of sample) {
    let lo = 0;
    let hi = cuts.length; // binary search for the first cut ≥ value
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid] < value) lo = mid + 1; else hi = mid;
    }
    counts[lo]++;
  }
  return counts.map((c) => c / sample.length);
}
