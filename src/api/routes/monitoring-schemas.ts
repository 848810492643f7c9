/**
 * Response schemas of the monitoring routes. They mirror src/monitor's DriftResponse and
 * PerformanceReport field for field: fast-json-stringify drops what a schema does not list.
 */

const NUM = { type: 'number', nullable: true } as const;
const TEST = {
  type: 'object', nullable: true,
  properties: { name: { type: 'string' }, statistic: { type: 'number' }, pValue: { type: 'number' }, df: { type: 'number' } },
} as const;
const FEATURE_DRIFT = {
  type: 'object',
  properties: {
    feature: { type: 'string' }, kind: { type: 'string' }, verdict: { type: 'string' }, n: { type: 'integer' },
    psi: NUM, test: TEST, missingTest: TEST, pValue: NUM, cramersV: NUM, standardizedMeanDifference: NUM,
    missingRate: { type: 'object', properties: { reference: NUM, live: NUM } },
    outOfRangeRate: NUM,
  },
} as const;
const DRIFT_REPORT = {
  type: 'object',
  properties: {
    modelVersion: { type: 'string', nullable: true },
    arm: { type: 'string', nullable: true },
    window: { type: 'object', nullable: true, properties: { from: { type: 'number' }, to: { type: 'number' } } },
    referenceDataset: { type: 'string' },
    n: { type: 'integer' },
    verdict: { type: 'string', enum: ['not_enough_data', 'no_drift', 'moderate', 'drift'] },
    thresholds: { type: 'object', properties: { minSample: { type: 'number' }, psiModerate: { type: 'number' }, psiDrift: { type: 'number' }, alpha: { type: 'number' } } },
    features: { type: 'array', items: FEATURE_DRIFT },
    risk: FEATURE_DRIFT,
  },
} as const;

/** `GET /api/v1/monitoring/drift` (monitor's DriftResponse). */
export const DRIFT_RESPONSE_SCHEMA = {
  type: 'object',
  properties: {
    generatedAt: { type: 'number' },
    reports: { type: 'array', items: DRIFT_REPORT },
    unavailable: {
      type: 'array',
      items: { type: 'object', properties: { modelVersion: { type: 'string' }, arm: { type: 'string', nullable: true }, n: { type: 'integer' }, reason: { type: 'string' } } },
    },
  },
  required: ['generatedAt', 'reports'],
} as const;

const ESTIMATE = { type: 'object', properties: { value: NUM, lower: NUM, upper: NUM } } as const;
const POINT = {
  type: 'object',
  properties: {
    from: { type: 'number' }, to: { type: 'number' }, n: { type: 'integer' }, positives: { type: 'integer' },
    auc: ESTIMATE, accuracy: ESTIMATE, sensitivity: ESTIMATE, specificity: ESTIMATE, brier: ESTIMATE,
  },
} as const;

/** `GET /api/v1/monitoring/performance` (monitor's PerformanceReport and the range read). */
export const PERFORMANCE_RESPONSE_SCHEMA = {
  type: 'object',
  properties: {
    since: { type: 'number' }, until: { type: 'number' }, level: { type: 'number' }, bucketMs: { type: 'number' },
    versions: { type: 'array', items: { type: 'object', properties: { modelVersion: { type: 'string' }, overall: POINT, buckets: { type: 'array', items: POINT } } } },
  },
} as const;

/** `GET /api/v1/monitoring/live`. */
export const LIVE_RESPONSE_SCHEMA = {
  type: 'object',
  properties: {
    at: { type: 'string' },
    window_seconds: { type: 'number' },
    arms: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          version: { type: 'string' }, arm: { type: 'string' }, count: { type: 'integer' }, requests_per_s: { type: 'number' },
          error_rate: { type: 'number' }, p95_ms: NUM, mean_risk: NUM,
        },
      },
    },
  },
} as const;

/** `GET /api/v1/alerts`. */
export const ALERTS_RESPONSE_SCHEMA = {
  type: 'object',
  properties: {
    alerts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' }, rule: { type: 'string' }, key: { type: 'string' }, severity: { type: 'string' },
          state: { type: 'string', enum: ['firing', 'resolved'] }, started_at: { type: 'string' }, resolved_at: { type: 'string', nullable: true },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;
