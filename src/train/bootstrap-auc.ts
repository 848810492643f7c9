import { computeAuc, quantile } from '../stats/index.js';
import { Random } from './random.js';

/** A point estimate with a two-sided percentile confidence interval. */
export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
}

/**
 * AUC with a percentile bootstrap confidence interval: `resamples` stratified resamples
 * (positives and negatives drawn separately, so each resample has both classes), seeded.
 */
export function bootstrapAucCi(y: ArrayLike<number>, score: ArrayLike<number>, opts: { resamples?: number; level?: number; seed?: number } = {}): Interval {
  const resamples = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  const rng = new Random(opts.seed ?? 0);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? pos : neg).push(i);
  const estimate = computeAuc(y, score);
  if (pos.length === 0 || neg.length === 0) return { estimate, lower: Number.NaN, upper: Number.NaN, level };
  const n = pos.length + neg.length;
  const yb = new Uint8Array(n).fill(1, 0, pos.length);
  const sb = new Float64Array(n);
  const aucs = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    for (let k = 0; k < pos.length; k++) sb[k] = score[pos[rng.nextInt(pos.length)]];
    for (let k = 0; k < neg.length; k++) sb[pos.length + k] = score[neg[rng.nextInt(neg.length)]];
    aucs[b] = computeAuc(yb, sb);
  }
  aucs.sort();
  return { estimate, lower: quantile(aucs, (1 - level) / 2), upper: quantile(aucs, 1 - (1 - level) / 2), level };
}
