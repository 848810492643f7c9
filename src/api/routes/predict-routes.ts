import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RiskgateError } from '../../errors.js';
import type { PredictRequest } from '../../serving/index.js';
import type { AppDeps } from '../app-deps.js';
import { hasRole } from '../../auth/index.js';
import { ERROR_RESPONSES, PATIENT_ID, PREDICTION_RESULT_SCHEMA } from '../schemas.js';
import { unpackPredictBody } from './predict-body.js';

/** Most patients in one batch request. */
export const MAX_BATCH = 1000;
/** Header asking for the blue-green preview version (deployer keys only). */
export const PREVIEW_HEADER = 'x-riskgate-preview';

const PREDICT_BODY = {
  type: 'object',
  description: '{patient_id?, features: {...}} or the flat form {patient_id?, age, sex, …}.',
  properties: { patient_id: PATIENT_ID, features: { type: 'object', additionalProperties: true } },
  additionalProperties: true,
} as const;

const EXPLAIN_QUERY = {
  type: 'object',
  properties: { explain: { type: 'boolean', default: true, description: 'false skips the SHAP explanation.' } },
  additionalProperties: false,
} as const;

/** Whether the caller asked for (and may use) the blue-green preview. */
function wantsPreview(request: FastifyRequest): boolean {
  if (request.headers[PREVIEW_HEADER] !== 'true') return false;
  const role = request.principal?.role ?? 'viewer';
  if (!hasRole(role, 'deployer')) throw new RiskgateError('FORBIDDEN', { required: 'deployer', actual: role });
  return true;
}

/** The predictor request of one body. */
function toPredictRequest(body: unknown, explain: boolean, preview: boolean, request: FastifyRequest): PredictRequest {
  const { patientId, features } = unpackPredictBody(body);
  return { patientId, features, explain, preview, requestId: request.id, actor: request.principal?.id ?? null };
}

/** POST /predict: one patient's risk with its reasons. Registered under /api/v1 and /api/risk. */
export async function predictRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post('/predict', {
    config: { role: 'predictor', audit: false },
    schema: {
      summary: 'Predict one patient\'s risk, with exact SHAP reasons',
      tags: ['predict'],
      querystring: EXPLAIN_QUERY,
      body: PREDICT_BODY,
      response: { 200: PREDICTION_RESULT_SCHEMA, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      const { explain } = request.query as { explain: boolean };
      return deps.predictor.predict(toPredictRequest(request.body, explain, wantsPreview(request), request));
    },
  });
}

/** POST /predict/batch: up to {@link MAX_BATCH} patients; a row's error never fails the batch. */
export async function batchPredictRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post('/predict/batch', {
    config: { role: 'predictor', audit: false },
    schema: {
      summary: `Predict up to ${MAX_BATCH} patients at once; each row answers or fails on its own`,
      tags: ['predict'],
      querystring: EXPLAIN_QUERY,
      body: {
        type: 'object',
        properties: { patients: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: PREDICT_BODY } },
        required: ['patients'],
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            results: {
              type: 'array',
              items: {
                type: 'object',
                properties: { index: { type: 'integer' }, ok: { type: 'boolean' }, prediction: PREDICTION_RESULT_SCHEMA, error: { $ref: 'RiskgateError#/properties/error' } },
                required: ['index', 'ok'],
              },
            },
            summary: { type: 'object', properties: { total: { type: 'integer' }, succeeded: { type: 'integer' }, failed: { type: 'integer' } } },
          },
        },
        ...ERROR_RESPONSES,
      },
    },
    handler: async (request) => {
      const { explain } = request.query as { explain: boolean };
      const preview = wantsPreview(request);
      const { patients } = request.body as { patients: unknown[] };
      const rows = patients.map((body, index) => {
        try {
          return { ok: true as const, request: toPredictRequest(body, explain, preview, request), index };
        } catch (e) {
          return { ok: false as const, error: e as RiskgateError, index };
        }
      });
      const answers = await deps.predictor.predictMany(rows.filter((r) => r.ok).map((r) => r.request));
      let next = 0;
      const results = rows.map((r) => {
        if (!r.ok) return { index: r.index, ok: false, error: r.error.toJSON().error };
        const a = answers[next++];
        return a.ok ? { index: r.index, ok: true, prediction: a.result } : { index: r.index, ok: false, error: a.error.toJSON().error };
      });
      const succeeded = results.filter((r) => r.ok).length;
      return { results, summary: { total: results.length, succeeded, failed: results.length - succeeded } };
    },
  });
}
