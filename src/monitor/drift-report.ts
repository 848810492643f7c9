/** Verdicts of drift analysis. `not_enough_data` is never read as "no drift". */
export const DRIFT_VERDICTS = ['not_enough_data', 'no_drift', 'moderate', 'drift'] as const;
export type DriftVerdict = (typeof DRIFT_VERDICTS)[number];

/** A significance test's outcome. */
export interface DriftTest {
  readonly name: 'ks' | 'chi2' | 'missing_rate';
  readonly statistic: number;
  readonly pValue: number;
  /** Degrees of freedom (χ² only). */
  readonly df?: number;
}

/**
 * Drift of one input (or of predicted risk, feature `__risk__`) over a live window, compared
 * with the training reference. Numbers are null when they cannot be computed (no JSON NaN).
 */
export interface FeatureDrift {
  readonly feature: string;
  readonly kind: 'continuous' | 'binary' | 'categorical';
  readonly verdict: DriftVerdict;
  /** Live rows (missing values included). */
  readonly n: number;
  /** PSI over the reference bins plus a missing-value bin, smoothed. */
  readonly psi: number | null;
  /** KS on the non-missing values (continuous) or χ² over codes and missing (binary/categorical). */
  readonly test: DriftTest | null;
  /** Continuous only: two-proportion z test of the missing rate. */
  readonly missingTest: DriftTest | null;
  /** The p-value the verdict used: the smallest of the tests, Bonferroni-adjusted for their number. */
  readonly pValue: number | null;
  /** Cramér's V over the binned table (bins and missing): a size of shift comparable across features. */
  readonly cramersV: number | null;
  /** Continuous only: (live mean − reference mean) / reference SD. */
  readonly standardizedMeanDifference: number | null;
  readonly missingRate: { readonly reference: number | null; readonly live: number | null };
  /** Share of present live values outside the reference's observed range (continuous) or codes (coded). */
  readonly outOfRangeRate: number | null;
}

/** Thresholds a drift report was judged with. */
export interface DriftThresholds {
  /** Live rows below which every verdict is `not_enough_data`. */
  readonly minSample: number;
  /** PSI at or above which a significant shift is `moderate`. */
  readonly psiModerate: number;
  /** PSI at or above which a significant shift is `drift`. */
  readonly psiDrift: number;
  /** Family-wise significance level, split (Bonferroni) over the features and risk. */
  readonly alpha: number;
}

/**
 * The JSON body of `GET /api/v1/monitoring/drift` and what `riskgate drift` prints: one
 * report per (model version, arm) window.
 */
export interface DriftReport {
  readonly modelVersion: string | null;
  readonly arm: string | null;
  /** The window compared, epoch ms (from exclusive, to inclusive), when known. */
  readonly window: { readonly from: number; readonly to: number } | null;
  readonly referenceDataset: string;
  readonly n: number;
  /** Worst verdict over features and risk; `not_enough_data` below the minimum sample. */
  readonly verdict: DriftVerdict;
  readonly thresholds: DriftThresholds;
  readonly features: readonly FeatureDrift[];
  readonly risk: FeatureDrift;
}

/** An arm that has predictions but cannot be judged, and why (e.g. its artifact has no reference profile). */
export interface DriftUnavailable {
  readonly modelVersion: string;
  readonly arm: string | null;
  /** Live predictions in the window. */
  readonly n: number;
  readonly reason: string;
}

/** The response of `GET /api/v1/monitoring/drift`: every arm's report, and the arms that cannot be compared. */
export interface DriftResponse {
  readonly generatedAt: number;
  readonly reports: readonly DriftReport[];
  readonly unavailable?: readonly DriftUnavailable[];
}
