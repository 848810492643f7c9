import { normalCdf } from './normal-cdf.js';

/** A predicted probability with the outcome later observed. */
export interface LabelledScore {
  readonly probability: number;
  readonly outcome: 0 | 1;
}

/** AUC of one sample with DeLong's variance. */
export interface AucEstimate {
  /** Area under the ROC curve (ties count one half); NaN without both classes. */
  readonly auc: number;
  /** DeLong variance of the AUC; NaN without at least two of each class. */
  readonly variance: number;
  readonly positives: number;
  readonly negatives: number;
}

/**
 * AUC with DeLong's (1988) variance from the structural components (placement values):
 * V10(x) = P(score of a negative < x) for each positive x, V01(y) likewise for negatives.
 * O((m+n) log(m+n)) through ranks, after Sun & Xu (2014). Pure.
 */
export function delongAuc(scores: readonly LabelledScore[]): AucEstimate {
  const positives = scores.filter((s) => s.outcome === 1).map((s) => s.probability);
  const negatives = scores.filter((s) => s.outcome === 0).map((s) => s.probability);
  const m = positives.length;
  const n = negatives.length;
  if (m === 0 || n === 0) return { auc: Number.NaN, variance: Number.NaN, positives: m, negatives: n };
  const combined = midRanks([...positives, ...negatives]);
  const withinPositives = midRanks(positives);
  const withinNegatives = midRanks(negatives);
  // Placement of positive i: (rank among all − rank among positives) / n.
  const v10 = positives.map((_, i) => (combined[i] - withinPositives[i]) / n);
  // Placement of negative j: 1 − (rank among all − rank among negatives) / m.
  const v01 = negatives.map((_, j) => 1 - (combined[m + j] - withinNegatives[j]) / m);
  const auc = mean(v10);
  const variance = m > 1 && n > 1 ? sampleVariance(v10) / m + sampleVariance(v01) / n : Number.NaN;
  return { auc, variance, positives: m, negatives: n };
}

/** Result of comparing the AUCs of two independent samples. */
export interface AucComparison {
  readonly a: AucEstimate;
  readonly b: AucEstimate;
  /** z of (AUC_a − AUC_b); NaN when either variance is undefined. */
  readonly z: number;
  /** One-sided p-value for "AUC_a is below AUC_b"; NaN when z is. */
  readonly pValueBelow: number;
}

/**
 * Tests whether sample a's AUC is below sample b's, for unpaired samples (different
 * patients, same period): z = (A − B) / √(Var A + Var B) with DeLong variances. Pure.
 */
export function compareAucUnpaired(a: readonly LabelledScore[], b: readonly LabelledScore[]): AucComparison {
  const ea = delongAuc(a);
  const eb = delongAuc(b);
  const se = Math.sqrt(ea.variance + eb.variance);
  if (!(se > 0)) {
    // Both perfectly separated (zero variance): equal AUCs are no evidence, unequal are.
    const z = Number.isNaN(se) ? Number.NaN : ea.auc === eb.auc ? 0 : (ea.auc < eb.auc ? -Infinity : Infinity);
    return { a: ea, b: eb, z, pValueBelow: Number.isNaN(z) ? Number.NaN : normalCdf(z) };
  }
  const z = (ea.auc - eb.auc) / se;
  return { a: ea, b: eb, z, pValueBelow: normalCdf(z) };
}

/** 1-based mid-ranks of values, in input order. */
function midRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function sampleVariance(xs: readonly number[]): number {
  const mu = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - mu) ** 2;
  return s / (xs.length - 1);
}
