import { delongAuc } from './delong-auc.js';
import { normalCdf } from './normal-cdf.js';

/** A predicted probability with the outcome later observed. */
export interface LabelledScore {
  readonly probability: number;
  readonly outcome: 0 | 1;
}

/** One sample's AUC with its DeLong standard error and class counts. */
export interface UnpairedAuc {
  readonly auc: number;
  readonly se: number;
  readonly positives: number;
  readonly negatives: number;
}

/** Result of comparing the AUCs of two independent samples. */
export interface AucComparison {
  readonly a: UnpairedAuc;
  readonly b: UnpairedAuc;
  /** z of (AUC_a − AUC_b); NaN when either sample lacks two of each class. */
  readonly z: number;
  /** One-sided p-value for "AUC_a is below AUC_b"; NaN when z is. */
  readonly pValueBelow: number;
}

/**
 * Tests whether sample a's AUC is below sample b's when the samples are independent
 * (different patients over the same period, as canary and baseline arms are): z = (A − B) /
 * √(se_A² + se_B²), each AUC and standard error by {@link delongAuc}. Pure.
 */
export function compareAucUnpaired(a: readonly LabelledScore[], b: readonly LabelledScore[]): AucComparison {
  const ea = estimate(a);
  const eb = estimate(b);
  if (ea === null || eb === null) {
    const none: UnpairedAuc = { auc: Number.NaN, se: Number.NaN, positives: 0, negatives: 0 };
    return { a: ea ?? none, b: eb ?? none, z: Number.NaN, pValueBelow: Number.NaN };
  }
  const se = Math.sqrt(ea.se ** 2 + eb.se ** 2);
  // Both perfectly separated (zero spread): equal AUCs are no evidence, unequal ones are.
  const z = se > 0 ? (ea.auc - eb.auc) / se : ea.auc === eb.auc ? 0 : ea.auc < eb.auc ? -Infinity : Infinity;
  return { a: ea, b: eb, z, pValueBelow: normalCdf(z) };
}

/** AUC and DeLong se of one sample, or null without two of each class. */
function estimate(sample: readonly LabelledScore[]): UnpairedAuc | null {
  const y = sample.map((s) => s.outcome);
  const positives = y.filter((v) => v === 1).length;
  const negatives = y.length - positives;
  if (positives < 2 || negatives < 2) return null;
  const { auc, se } = delongAuc(y, sample.map((s) => s.probability));
  return { auc, se, positives, negatives };
}
