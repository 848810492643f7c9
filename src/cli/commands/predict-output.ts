import type { Explanation, Prediction } from '../../model/index.js';

/** Output formats of `riskgate predict`. */
export const PREDICT_FORMATS = ['json', 'csv'] as const;
export type PredictFormat = (typeof PREDICT_FORMATS)[number];

/** One scored row; explanation present only with --explain. */
export interface ScoredRow {
  readonly prediction: Prediction;
  readonly explanation?: Explanation;
}

/** Quotes a CSV cell when it holds a comma, quote or line break. */
function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The CSV header: probability, raw, and with explanations base_value and one
 * `contributions.FEATURE` column per feature (the JSON output's keys, flattened).
 */
export function csvHeader(features: readonly string[], explain: boolean): string {
  const cols = ['probability', 'raw', ...(explain ? ['base_value', ...features.map((f) => `contributions.${f}`)] : [])];
  return `${cols.map(csvCell).join(',')}\n`;
}

/**
 * Formats scored rows as lines of the chosen format. JSON rows are objects
 * `{probability, raw, base_value?, contributions?: {feature: value}}` (the caller writes the
 * surrounding brackets and commas); numbers print in round-trip form in both formats.
 */
export function formatRow(row: ScoredRow, features: readonly string[], format: PredictFormat): string {
  const { probability, raw } = row.prediction;
  const e = row.explanation;
  if (format === 'csv') {
    const cells = [probability, raw, ...(e ? [e.baseValue, ...e.contributions] : [])];
    return `${cells.map(String).join(',')}\n`;
  }
  if (!e) return JSON.stringify({ probability, raw });
  const contributions: Record<string, number> = {};
  features.forEach((f, j) => {
    contributions[f] = e.contributions[j];
  });
  return JSON.stringify({ probability, raw, base_value: e.baseValue, contributions });
}
