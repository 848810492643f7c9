// Shared core of DeLong's method (DeLong, DeLong & Clarke-Pearson 1988) in the O(n log n)
// midrank form of Sun & Xu (2014). Internal to src/stats: delongAuc and delongPaired use it.
import { twoSidedZ } from './two-sided-z.js';

/** z of the two-sided 95 % intervals DeLong results carry. */
const Z95 = twoSidedZ(0.95);

/** The AUC of one score vector with its structural components: per-positive V10, per-negative V01. */
export interface DelongComponents {
  readonly auc: number;
  readonly v10: Float64Array;
  readonly v01: Float64Array;
}

/** Midranks (1-based, ties share the mean rank) of values. */
function midranks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Structural components of `scores` against 0/1 labels `y`. Throws RangeError when a class is absent. */
export function delongComponents(y: ArrayLike<number>, scores: ArrayLike<number>): DelongComponents {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? pos : neg).push(scores[i]);
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0) throw new RangeError('the AUC needs at least one positive and one negative row');
  const tx = midranks(Float64Array.from(pos));
  const ty = midranks(Float64Array.from(neg));
  const tz = midranks(Float64Array.from([...pos, ...neg]));
  let sum = 0;
  const v10 = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    sum += tz[i];
    v10[i] = (tz[i] - tx[i]) / n;
  }
  const v01 = new Float64Array(n);
  for (let j = 0; j < n; j++) v01[j] = 1 - (tz[m + j] - ty[j]) / m;
  return { auc: (sum - (m * (m + 1)) / 2) / (m * n), v10, v01 };
}

/** Sample covariance of two equally long vectors (0 below two elements). */
export function covariance(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (n < 2) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] - ma) * (b[i] - mb);
  return s / (n - 1);
}

/** The 95 % normal interval center ± z·se, clipped to [lo, hi]. */
export function interval95(center: number, se: number, lo: number, hi: number): readonly [number, number] {
  return [Math.max(lo, center - Z95 * se), Math.min(hi, center + Z95 * se)];
}
