import { populationStabilityIndex } from './population-stability-index.js';
import { quantile } from './quantile.js';
import { sortAscending } from './sort-ascending.js';

/** Options of {@link samplePsi}. */
export interface SamplePsiOptions {
  /** Number of quantile bins cut on the reference sample (default 10). */
  readonly bins?: number;
  /** Additive smoothing per bin count (default 0.5, as the drift report's PSI), so empty bins stay finite. */
  readonly smoothing?: number;
}

/**
 * Population stability index of the sample `actual` against the sample `reference`: bins cut
 * at the reference's quantiles (ties collapse bins), counted on both sides, then {@link populationStabilityIndex}
 * on the counts — the same formula and smoothing as the drift report. Pure; NaN when
 * either sample is empty. 0.1 is the usual "moderate" and 0.25 the "major" shift threshold.
 */
export function samplePsi(reference: readonly number[], actual: readonly number[], options: SamplePsiOptions = {}): number {
  if (reference.length === 0 || actual.length === 0) return Number.NaN;
  const bins = options.bins ?? 10;
  const sortedReference = sortAscending(reference);
  // Interior cuts at reference quantiles; duplicates removed so a lumpy reference (many equal
  // risks) does not create empty, meaningless bins.
  const cuts = [...new Set(Array.from({ length: bins - 1 }, (_, i) => quantile(sortedReference, (i + 1) / bins)))];
  return populationStabilityIndex(countByBin(reference, cuts), countByBin(actual, cuts), options.smoothing);
}

/** Counts of the sample in each bin (−∞, c0], (c0, c1], …, (c_last, +∞). */
function countByBin(sample: readonly number[], cuts: readonly number[]): number[] {
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
  return counts;
}
