/** A point estimate with a two-sided confidence interval; all null when undefined (no data, one class). */
export interface Estimate {
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** The undefined estimate. */
export const NO_ESTIMATE: Estimate = Object.freeze({ value: null, lower: null, upper: null });
