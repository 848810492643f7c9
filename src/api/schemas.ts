/**
 * JSON schemas shared by routes (request validation, response filtering through
 * fast-json-stringify, and the OpenAPI document at /docs).
 */

/** `{error: {code, message, details}}` — every error response. */
export const ERROR_SCHEMA = {
  $id: 'RiskgateError',
  type: 'object',
  description: 'Every error: a stable code from the catalog, a message, and structured details.',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
      },
      required: ['code', 'message', 'details'],
    },
  },
  required: ['error'],
} as const;

/** Standard error responses to list on a route. */
export const ERROR_RESPONSES = {
  '4xx': { $ref: 'RiskgateError#' },
  '5xx': { $ref: 'RiskgateError#' },
} as const;

const RISK = {
  type: 'object',
  properties: {
    probability: { type: 'number' },
    band: { type: 'string', enum: ['low', 'moderate', 'high'] },
    threshold: { type: 'number' },
  },
  required: ['probability', 'band', 'threshold'],
} as const;

const MODEL_REF = {
  type: 'object',
  properties: { version: { type: 'string' }, checksum: { type: 'string' } },
  required: ['version', 'checksum'],
} as const;

/** An explanation: exact SHAP contributions sorted by |contribution|; null when not asked. */
export const EXPLANATION_SCHEMA = {
  type: 'object',
  nullable: true,
  properties: {
    space: { type: 'string', enum: ['log-odds', 'probability'] },
    base_value: { type: 'number' },
    contributions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { feature: { type: 'string' }, value: { type: 'number', nullable: true }, contribution: { type: 'number' } },
        required: ['feature', 'value', 'contribution'],
      },
    },
  },
  required: ['space', 'base_value', 'contributions'],
} as const;

/** The answer of POST /api/v1/predict. */
export const PREDICTION_RESULT_SCHEMA = {
  type: 'object',
  properties: {
    prediction_id: { type: 'string' },
    patient_id: { type: 'string', nullable: true },
    model: MODEL_REF,
    risk: RISK,
    explanation: EXPLANATION_SCHEMA,
    served_by: { type: 'string', enum: ['stable', 'canary', 'preview'] },
    latency_ms: { type: 'number' },
  },
  required: ['prediction_id', 'patient_id', 'model', 'risk', 'explanation', 'served_by', 'latency_ms'],
} as const;

/** A stored prediction as GET /api/v1/predictions/:id returns it (no raw patient id is stored). */
export const STORED_PREDICTION_SCHEMA = {
  type: 'object',
  properties: {
    prediction_id: { type: 'string' },
    model: MODEL_REF,
    arm: { type: 'string' },
    rollout_id: { type: 'string', nullable: true },
    risk: { type: 'object', properties: { probability: { type: 'number' }, band: { type: 'string', nullable: true }, threshold: { type: 'number', nullable: true } } },
    input: { type: 'object', additionalProperties: { type: 'number', nullable: true } },
    explanation: EXPLANATION_SCHEMA,
    error: { type: 'string', nullable: true },
    latency_ms: { type: 'number' },
    request_id: { type: 'string', nullable: true },
    created_at: { type: 'string', format: 'date-time' },
  },
  required: ['prediction_id', 'model', 'arm', 'risk', 'input', 'latency_ms', 'created_at'],
} as const;

/** The patient id: an opaque identifier from the calling system, never stored raw. */
export const PATIENT_ID = { type: 'string', minLength: 1, maxLength: 200, description: 'Opaque patient identifier; stored only as an HMAC pseudonym.' } as const;
