import type { Problem } from './validate.js';

/**
 * One line naming every problem ("chol: OUT_OF_RANGE; sex: REQUIRED_MISSING"), for the
 * `summary` of a VALIDATION_FAILED error and for log lines. The full messages stay in details.
 */
export function summarizeProblems(problems: readonly Problem[]): string {
  return problems.map((p) => (p.field === '' ? p.code : `${p.field}: ${p.code}`)).join('; ');
}
