/** Shapes of the API responses the dashboard reads (see the server's OpenAPI at /docs). */

export interface Whoami { readonly name: string; readonly role: 'viewer' | 'predictor' | 'deployer' | 'admin'; readonly env: string }

export interface CheckView {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'warn' | 'not-yet';
  readonly sentence: string;
  readonly numbers?: Record<string, number | string | null>;
}

export interface RolloutView {
  readonly id: string;
  readonly env: string;
  readonly strategy: 'shadow' | 'canary' | 'blue-green';
  readonly phase: string;
  readonly candidate: string;
  readonly stable: string;
  readonly step_index: number;
  readonly steps: readonly number[];
  readonly canary_weight: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly analysis?: { readonly verdict: string; readonly at: string; readonly failures_in_a_row?: number; readonly checks: readonly CheckView[] } | null;
}

export interface RolloutEventView { readonly at: string; readonly type: string; readonly message: string; readonly actor?: string | null }

export interface ArmLive {
  readonly version: string;
  readonly arm: string;
  readonly count: number;
  readonly requests_per_s: number;
  readonly error_rate: number;
  readonly p95_ms: number | null;
  readonly mean_risk: number | null;
}

export interface AlertView {
  readonly id: string;
  readonly rule: string;
  readonly severity: string;
  readonly state: 'firing' | 'resolved';
  readonly started_at: string;
  readonly resolved_at?: string | null;
  readonly message: string;
}

export interface FeatureSpecView {
  readonly name: string;
  readonly kind: 'continuous' | 'binary' | 'categorical';
  readonly description: string;
  readonly unit?: string;
  readonly range?: { readonly min: number; readonly max: number };
  readonly codes?: readonly { readonly value: number; readonly label: string }[];
  readonly allowMissing: boolean;
}

export interface PredictionView {
  readonly prediction_id: string;
  readonly model: { readonly version: string; readonly checksum: string };
  readonly risk: { readonly probability: number; readonly band: string; readonly threshold: number };
  readonly explanation?: {
    readonly space: string;
    readonly base_value: number;
    readonly contributions: readonly { readonly feature: string; readonly value: number | null; readonly contribution: number }[];
  };
  readonly served_by: string;
  readonly latency_ms: number;
}

/** A point estimate with its 95 % interval (null where undefined). */
export interface EstimateView { readonly value: number | null; readonly lower: number | null; readonly upper: number | null }

/** One feature's (or the predicted risk's, feature `__risk__`) drift against the training profile. */
export interface FeatureDriftView {
  readonly feature: string;
  readonly kind: string;
  readonly verdict: 'not_enough_data' | 'no_drift' | 'moderate' | 'drift';
  readonly n: number;
  readonly psi: number | null;
  readonly pValue: number | null;
  readonly test: { readonly name: string; readonly statistic: number; readonly pValue: number } | null;
  readonly missingRate: { readonly reference: number | null; readonly live: number | null };
  readonly outOfRangeRate: number | null;
}

/** GET /api/v1/monitoring/drift: one report per (model version, arm), and arms that cannot be compared. */
export interface DriftResponseView {
  readonly generatedAt: number;
  readonly reports: readonly {
    readonly modelVersion: string | null;
    readonly arm: string | null;
    readonly window: { readonly from: number; readonly to: number } | null;
    readonly referenceDataset: string;
    readonly n: number;
    readonly verdict: FeatureDriftView['verdict'];
    readonly thresholds: { readonly minSample: number };
    readonly features: readonly FeatureDriftView[];
    readonly risk: FeatureDriftView;
  }[];
  readonly unavailable?: readonly { readonly modelVersion: string; readonly arm: string | null; readonly n: number; readonly reason: string }[];
}

/** Realized quality over one period (epoch ms, [from, to)). */
export interface PerformancePointView {
  readonly from: number;
  readonly to: number;
  readonly n: number;
  readonly positives: number;
  readonly auc: EstimateView;
  readonly accuracy: EstimateView;
  readonly sensitivity: EstimateView;
  readonly specificity: EstimateView;
  readonly brier: EstimateView;
}

/** GET /api/v1/monitoring/performance. */
export interface PerformanceView {
  readonly level: number;
  readonly bucketMs: number;
  readonly versions: readonly { readonly modelVersion: string; readonly overall: PerformancePointView; readonly buckets: readonly PerformancePointView[] }[];
}
