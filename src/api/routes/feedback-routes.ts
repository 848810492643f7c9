import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { RiskgateError } from '../../errors.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_RESPONSES, PATIENT_ID } from '../schemas.js';

/** Parses observed_at (ISO 8601 or epoch ms); defaults to now. */
function parseObservedAt(value: string | number | undefined, now: number): number {
  if (value === undefined) return now;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new RiskgateError('VALIDATION_FAILED', { summary: 'observed_at', problems: [{ field: 'observed_at', code: 'WRONG_TYPE', message: 'observed_at must be an ISO 8601 date-time or epoch milliseconds.' }] });
  }
  return ms;
}

/** POST /feedback: the observed outcome of a prediction (or a patient's latest one), for monitoring. */
export async function feedbackRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post('/feedback', {
    config: { role: 'predictor', audit: 'feedback.create' },
    schema: {
      summary: 'Record an observed outcome (0 no disease, 1 disease)',
      tags: ['feedback'],
      body: {
        type: 'object',
        properties: {
          prediction_id: { type: 'string', minLength: 1, maxLength: 200 },
          patient_id: PATIENT_ID,
          outcome: { type: 'integer', enum: [0, 1] },
          observed_at: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'integer', minimum: 0 }] },
        },
        required: ['outcome'],
        anyOf: [{ required: ['prediction_id'] }, { required: ['patient_id'] }],
        additionalProperties: false,
      },
      response: {
        201: {
          type: 'object',
          properties: {
            feedback_id: { type: 'string' },
            prediction_id: { type: 'string', nullable: true },
            outcome: { type: 'integer' },
            observed_at: { type: 'string', format: 'date-time' },
          },
        },
        ...ERROR_RESPONSES,
      },
    },
    handler: async (request, reply) => {
      const body = request.body as { prediction_id?: string; patient_id?: string; outcome: 0 | 1; observed_at?: string | number };
      const now = Date.now();
      const observedAt = parseObservedAt(body.observed_at, now);
      // The prediction may still be queued in the recorder: commit it so the outcome can link to it.
      if (body.patient_id !== undefined || (body.prediction_id !== undefined && deps.recorder.isUncommitted(body.prediction_id))) await deps.recorder.flush();
      if (body.prediction_id !== undefined && !(await deps.store.predictions.get(body.prediction_id))) {
        throw new RiskgateError('NOT_FOUND', { what: `Prediction ${body.prediction_id}` });
      }
      const stored = await deps.store.feedback.insert({
        id: randomUUID(),
        predictionId: body.prediction_id ?? null,
        patientHash: body.patient_id === undefined ? null : deps.pseudonymize(body.patient_id),
        outcome: body.outcome,
        observedAt,
        createdAt: now,
      });
      deps.onFeedback?.({ predictionId: stored.predictionId, outcome: stored.outcome, observedAt: stored.observedAt });
      return reply.status(201).send({ feedback_id: stored.id, prediction_id: stored.predictionId, outcome: stored.outcome, observed_at: new Date(stored.observedAt).toISOString() });
    },
  });
}
