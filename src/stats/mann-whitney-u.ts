import { normalSf } from './normal-sf.js';

/** Result of a one-sided Mann-Whitney U test of H1: sample A tends to be larger than B. */
export interface MannWhitneyResult {
  /** U statistic of sample A (number of pairs where a > b, ties counting one half). */
  readonly u: number;
  /** Normal-approximation z with tie and continuity corrections; 0 when undefined. */
  readonly z: number;
  /** One-sided p-value for "A is stochastically greater than B". */
  readonly pValue: number;
}

/**
 * One-sided Mann-Whitney U (Wilcoxon rank-sum) test that `a` is stochastically greater than
 * `b`, with the normal approximation, the tie correction of the variance and a continuity
 * correction. O((n+m) log(n+m)). Pure; empty samples or all-equal values give p-value 1.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: 0, z: 0, pValue: 1 };
  const n = n1 + n2;
  // Tag each value with its group, sort once, then give tied runs their average rank.
  const values = new Float64Array(n);
  const fromA = new Uint8Array(n);
  for (let i = 0; i < n1; i++) { values[i] = a[i]; fromA[i] = 1; }
  for (let j = 0; j < n2; j++) values[n1 + j] = b[j];
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  let rankSumA = 0;
  let tieTerm = 0; // Σ (t³ − t) over tied runs
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const averageRank = (start + 1 + end) / 2; // ranks start..end-1, 1-based
    const runLength = end - start;
    for (let k = start; k < end; k++) if (fromA[order[k]] === 1) rankSumA += averageRank;
    tieTerm += runLength ** 3 - runLength;
    start = end;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, z: 0, pValue: 1 };
  // Continuity correction of one half toward the mean.
  const z = (u - mean - 0.5) / Math.sqrt(variance);
  return { u, z, pValue: normalSf(z) };
}
