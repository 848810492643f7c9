import type { Model, ScoreSpace } from '../model/index.js';
import { delongAuc, type AucEstimate } from '../stats/index.js';
import { computeCalibration, computeConfusion } from '../train/index.js';
import { defineSubgroups, type SubgroupFactor } from './subgroups.js';
import type { ValidationSet } from './validation-set.js';

/** Metrics of one subgroup; null where undefined (no positives, no negatives, nobody). */
export interface SubgroupResult {
  readonly factor: SubgroupFactor;
  readonly group: string;
  readonly n: number;
  readonly positives: number;
  readonly auc: number | null;
  readonly sensitivity: number | null;
  readonly specificity: number | null;
}

/**
 * Everything the model card and the gates say about a version on its validation set, as
 * plain JSON (stored with the version, rendered into cards and reports).
 */
export interface ModelEvaluation {
  readonly validationSet: { readonly id: string; readonly description: string; readonly n: number; readonly positives: number; readonly sha256: string };
  readonly auc: AucEstimate;
  readonly operatingPoint: {
    readonly threshold: number;
    readonly sensitivity: number;
    readonly specificity: number;
    readonly ppv: number | null;
    readonly npv: number | null;
    readonly accuracy: number;
    readonly tp: number; readonly fp: number; readonly tn: number; readonly fn: number;
  };
  readonly calibration: {
    readonly brier: number;
    readonly slope: number | null;
    readonly intercept: number | null;
    readonly ece: number;
    /** Deciles of predicted risk: mean prediction against observed frequency. */
    readonly bins: readonly { readonly meanPredicted: number; readonly observed: number; readonly count: number }[];
  };
  /** The ROC curve, at most {@link ROC_MAX_POINTS} points from (0,0) to (1,1). */
  readonly roc: readonly { readonly fpr: number; readonly tpr: number }[];
  readonly subgroups: readonly SubgroupResult[];
  /** Global importance: mean |SHAP| per feature over the validation set, largest first. */
  readonly importance: readonly { readonly feature: string; readonly meanAbsShap: number }[];
  readonly importanceSpace: ScoreSpace;
}

/** Points kept on a stored ROC curve (enough for a smooth picture, small in JSON). */
export const ROC_MAX_POINTS = 200;
/** Bins of the calibration plot (deciles of predicted risk). */
export const CALIBRATION_BINS = 10;

/** A finite number, or null (JSON has no NaN). */
const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Probabilities of every row of a data set. */
export function scoreRows(model: Model, x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  model.predict(x, n).forEach((p, i) => (out[i] = p.probability));
  return out;
}

/** The ROC curve of scores, ties grouped, thinned to at most `maxPoints`. */
export function rocCurve(y: ArrayLike<number>, score: ArrayLike<number>, maxPoints = ROC_MAX_POINTS): { fpr: number; tpr: number }[] {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[b] - score[a]);
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i];
  const neg = y.length - pos;
  const pts = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; ) {
    let k = i;
    while (k < order.length && score[order[k]] === score[order[i]]) {
      if (y[order[k]] === 1) tp++;
      else fp++;
      k++;
    }
    pts.push({ fpr: neg ? fp / neg : 0, tpr: pos ? tp / pos : 0 });
    i = k;
  }
  if (pts.length <= maxPoints) return pts;
  const step = (pts.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, i) => pts[Math.round(i * step)]);
}

/** Calibration bins over deciles of predicted risk (equal counts, so every point has data). */
function calibrationBins(y: ArrayLike<number>, prob: Float64Array): { meanPredicted: number; observed: number; count: number }[] {
  const order = Array.from({ length: prob.length }, (_, i) => i).sort((a, b) => prob[a] - prob[b]);
  const bins: { meanPredicted: number; observed: number; count: number }[] = [];
  for (let b = 0; b < CALIBRATION_BINS; b++) {
    const lo = Math.floor((b * order.length) / CALIBRATION_BINS);
    const hi = Math.floor(((b + 1) * order.length) / CALIBRATION_BINS);
    if (hi <= lo) continue;
    let sp = 0;
    let sy = 0;
    for (let k = lo; k < hi; k++) {
      sp += prob[order[k]];
      sy += y[order[k]];
    }
    bins.push({ meanPredicted: sp / (hi - lo), observed: sy / (hi - lo), count: hi - lo });
  }
  return bins;
}

/** Subgroup metrics at the model's threshold. */
function subgroupResults(vset: ValidationSet, prob: Float64Array, threshold: number): SubgroupResult[] {
  return defineSubgroups(vset.data).map((g) => {
    const y = g.rows.map((r) => vset.data.y[r]);
    const p = g.rows.map((r) => prob[r]);
    const positives = y.reduce((a, b) => a + b, 0);
    const both = positives > 0 && positives < y.length;
    const c = g.rows.length ? computeConfusion(y, p, threshold) : null;
    return {
      factor: g.factor,
      group: g.group,
      n: g.rows.length,
      positives,
      auc: both ? finiteOrNull(delongAuc(y, p).auc) : null,
      sensitivity: c ? finiteOrNull(c.sensitivity) : null,
      specificity: c ? finiteOrNull(c.specificity) : null,
    };
  });
}

/** Mean |SHAP| per feature, largest first. */
function globalImportance(model: Model, vset: ValidationSet): { feature: string; meanAbsShap: number }[] {
  const { x, n, features } = vset.data;
  const sums = new Float64Array(features.length);
  for (const e of model.explain(x, n)) for (let j = 0; j < features.length; j++) sums[j] += Math.abs(e.contributions[j]);
  return features.map((feature, j) => ({ feature, meanAbsShap: n ? sums[j] / n : 0 })).sort((a, b) => b.meanAbsShap - a.meanAbsShap);
}

/**
 * Evaluates a model on a validation set at its operating threshold: discrimination (AUC with
 * a DeLong interval), the operating point, calibration, subgroups by sex and age band, and
 * global SHAP importance. Returns the JSON summary and the per-row probabilities (for paired
 * comparisons). Throws RangeError if the set lacks a class.
 */
export function evaluateModel(model: Model, vset: ValidationSet, threshold: number): { evaluation: ModelEvaluation; probabilities: Float64Array } {
  const { data } = vset;
  const prob = scoreRows(model, data.x, data.n);
  const cal = computeCalibration(data.y, prob);
  const c = computeConfusion(data.y, prob, threshold);
  const positives = data.y.reduce((a, b) => a + b, 0);
  const evaluation: ModelEvaluation = {
    validationSet: { id: vset.id, description: vset.description, n: data.n, positives, sha256: data.sha256 },
    auc: delongAuc(data.y, prob),
    operatingPoint: {
      threshold,
      sensitivity: c.sensitivity,
      specificity: c.specificity,
      ppv: finiteOrNull(c.ppv),
      npv: finiteOrNull(c.npv),
      accuracy: c.accuracy,
      tp: c.tp, fp: c.fp, tn: c.tn, fn: c.fn,
    },
    calibration: { brier: cal.brier, slope: finiteOrNull(cal.slope), intercept: finiteOrNull(cal.intercept), ece: cal.ece, bins: calibrationBins(data.y, prob) },
    roc: rocCurve(data.y, prob),
    subgroups: subgroupResults(vset, prob, threshold),
    importance: globalImportance(model, vset),
    importanceSpace: model.space,
  };
  return { evaluation, probabilities: prob };
}
