import type { Signature } from '../data/index.js';
import type { Explanation, ScoreSpace } from '../model/index.js';

/** One feature's share of a patient's score, as clients see it. */
export interface ContributionView {
  readonly feature: string;
  /** The input value (null when missing). */
  readonly value: number | null;
  /** Exact SHAP value in the model's raw space. */
  readonly contribution: number;
}

/** The explanation of one prediction as clients see it. */
export interface ExplanationView {
  readonly space: ScoreSpace;
  readonly base_value: number;
  /** Sorted by |contribution|, largest first; base_value + Σ contribution = the raw score. */
  readonly contributions: readonly ContributionView[];
}

/** Turns a model's SHAP values for one row into the sorted view sent to clients. */
export function formatExplanation(signature: Signature, space: ScoreSpace, row: Float64Array, e: Explanation): ExplanationView {
  const contributions: ContributionView[] = new Array(signature.features.length);
  for (let j = 0; j < signature.features.length; j++) {
    const v = row[j];
    contributions[j] = { feature: signature.features[j].name, value: Number.isNaN(v) ? null : v, contribution: e.contributions[j] };
  }
  contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return { space, base_value: e.baseValue, contributions };
}

/** The validated row as a JSON object by feature name (null for missing). */
export function rowToFeatures(signature: Signature, row: Float64Array): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (let j = 0; j < signature.features.length; j++) out[signature.features[j].name] = Number.isNaN(row[j]) ? null : row[j];
  return out;
}
