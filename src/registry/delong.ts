/**
 * DeLong's method for the AUC and for the difference of two correlated AUCs measured on the
 * same rows (DeLong, DeLong & Clarke-Pearson 1988), in the O(n log n) midrank form of Sun &
 * Xu (2014). Used by the discrimination gates: an AUC's confidence interval, and whether a
 * candidate is worse than production beyond noise.
 */

/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/** An AUC with its DeLong standard error and 95 % interval (clipped to [0, 1]). */
export interface AucEstimate {
  readonly auc: number;
  readonly se: number;
  readonly ci95: readonly [number, number];
}

/** The paired comparison of two models' AUCs on the same rows: difference = a − b. */
export interface PairedAucComparison {
  readonly a: AucEstimate;
  readonly b: AucEstimate;
  readonly difference: number;
  readonly se: number;
  readonly ci95: readonly [number, number];
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

/** Structural components of one score vector: per-positive V10 and per-negative V01. */
function components(y: ArrayLike<number>, scores: ArrayLike<number>): { auc: number; v10: Float64Array; v01: Float64Array } {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? pos : neg).push(scores[i]);
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0) throw new RangeError('the AUC needs at least one positive and one negative row');
  const x = Float64Array.from(pos);
  const yy = Float64Array.from(neg);
  const tx = midranks(x);
  const ty = midranks(yy);
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

/** Sample covariance of two equally long vectors. */
function covariance(a: Float64Array, b: Float64Array): number {
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

function interval(center: number, se: number, lo: number, hi: number): readonly [number, number] {
  return [Math.max(lo, center - Z95 * se), Math.min(hi, center + Z95 * se)];
}

/** The AUC of `scores` against 0/1 labels `y`, with its DeLong 95 % interval. Throws RangeError when a class is absent. */
export function delongAuc(y: ArrayLike<number>, scores: ArrayLike<number>): AucEstimate {
  const c = components(y, scores);
  const variance = covariance(c.v10, c.v10) / c.v10.length + covariance(c.v01, c.v01) / c.v01.length;
  const se = Math.sqrt(Math.max(variance, 0));
  return { auc: c.auc, se, ci95: interval(c.auc, se, 0, 1) };
}

/**
 * Compares the AUCs of two score vectors on the same rows, accounting for their correlation.
 * The interval is for a − b. Throws RangeError when a class is absent.
 */
export function delongPaired(y: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>): PairedAucComparison {
  const ca = components(y, a);
  const cb = components(y, b);
  const m = ca.v10.length;
  const n = ca.v01.length;
  const s = (p: Float64Array, q: Float64Array, k: number): number => covariance(p, q) / k;
  const vaa = s(ca.v10, ca.v10, m) + s(ca.v01, ca.v01, n);
  const vbb = s(cb.v10, cb.v10, m) + s(cb.v01, cb.v01, n);
  const vab = s(ca.v10, cb.v10, m) + s(ca.v01, cb.v01, n);
  const seA = Math.sqrt(Math.max(vaa, 0));
  const seB = Math.sqrt(Math.max(vbb, 0));
  const se = Math.sqrt(Math.max(vaa + vbb - 2 * vab, 0));
  const difference = ca.auc - cb.auc;
  return {
    a: { auc: ca.auc, se: seA, ci95: interval(ca.auc, seA, 0, 1) },
    b: { auc: cb.auc, se: seB, ci95: interval(cb.auc, seB, 0, 1) },
    difference,
    se,
    ci95: interval(difference, se, -1, 1),
  };
}
