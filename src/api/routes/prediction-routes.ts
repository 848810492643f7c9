import type { FastifyInstance } from 'fastify';
import { RiskgateError } from '../../errors.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_RESPONSES, PATIENT_ID, STORED_PREDICTION_SCHEMA } from '../schemas.js';
import { presentStoredPrediction } from './stored-prediction.js';

/**
 * Reads of recorded predictions. Both are reads of a patient's data, so each is audited
 * (before the answer goes out) with the caller, the prediction or patient pseudonym, and IP.
 */
export async function predictionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/predictions/:id', {
    config: { role: 'viewer' },
    schema: {
      summary: 'One recorded prediction',
      tags: ['predictions'],
      params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['id'] },
      response: { 200: STORED_PREDICTION_SCHEMA, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      // Read-after-write: a prediction acknowledged moments ago may still be in the recorder's queue.
      const record = deps.recorder.findUncommitted(id) ?? (await deps.store.predictions.get(id));
      await deps.audit.record({ actor: request.principal?.id ?? 'anonymous', action: 'predictions.read', target: id, ip: request.ip, result: record ? 'ok' : 'NOT_FOUND', details: { request_id: request.id } });
      if (!record) throw new RiskgateError('NOT_FOUND', { what: `Prediction ${id}` });
      return presentStoredPrediction(record);
    },
  });

  app.get('/patients/:patient_id/predictions', {
    config: { role: 'viewer' },
    schema: {
      summary: "A patient's predictions, newest first (paged)",
      tags: ['predictions'],
      params: { type: 'object', properties: { patient_id: PATIENT_ID }, required: ['patient_id'] },
      querystring: {
        type: 'object',
        properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 }, cursor: { type: 'string', maxLength: 500 } },
        additionalProperties: false,
      },
      response: {
        200: { type: 'object', properties: { items: { type: 'array', items: STORED_PREDICTION_SCHEMA }, next_cursor: { type: 'string', nullable: true } } },
        ...ERROR_RESPONSES,
      },
    },
    handler: async (request) => {
      const { patient_id: patientId } = request.params as { patient_id: string };
      const { limit, cursor } = request.query as { limit: number; cursor?: string };
      const hash = deps.pseudonymize(patientId);
      // Commit queued predictions first so the history includes what was just answered.
      await deps.recorder.flush();
      const page = await deps.store.predictions.listByPatient(hash, { limit, cursor: cursor ?? null });
      await deps.audit.record({ actor: request.principal?.id ?? 'anonymous', action: 'patients.read', target: hash, ip: request.ip, result: 'ok', details: { request_id: request.id, count: page.items.length } });
      return { items: page.items.map(presentStoredPrediction), next_cursor: page.nextCursor };
    },
  });
}
