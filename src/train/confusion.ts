/** Counts and rates of a 0/1 classification at one threshold. Undefined rates are NaN. */
export interface Confusion {
  readonly threshold: number;
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
  readonly accuracy: number;
  /** Recall, true-positive rate. */
  readonly sensitivity: number;
  /** True-negative rate. */
  readonly specificity: number;
  /** Precision, positive predictive value. */
  readonly ppv: number;
  readonly npv: number;
  readonly f1: number;
}

/** A ratio that is NaN (undefined) rather than Infinity or 0/0 noise when the denominator is 0. */
function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b;
}

/** Confusion counts and rates when rows with probability ≥ `threshold` are called positive. */
export function computeConfusion(y: ArrayLike<number>, prob: ArrayLike<number>, threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const positive = prob[i] >= threshold;
    if (y[i] === 1) {
      if (positive) tp++;
      else fn++;
    } else if (positive) fp++;
    else tn++;
  }
  const ppv = ratio(tp, tp + fp);
  const sensitivity = ratio(tp, tp + fn);
  return {
    threshold, tp, fp, tn, fn,
    accuracy: ratio(tp + tn, y.length),
    sensitivity,
    specificity: ratio(tn, tn + fp),
    ppv,
    npv: ratio(tn, tn + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
  };
}
