import { RiskgateError } from '../../errors.js';

/** Keys of a predict body that are not features in the seed's flat form. */
const ENVELOPE_KEYS = new Set(['patient_id']);

/**
 * Unpacks a predict body: `{patient_id?, features: {...}}`, or the seed's flat form
 * `{patient_id, age, sex, ...}` where every other key is a feature. The features themselves
 * are checked later against the answering model's signature.
 */
export function unpackPredictBody(body: unknown): { patientId: string | null; features: unknown } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RiskgateError('VALIDATION_FAILED', { summary: 'body', problems: [{ field: 'body', code: 'NOT_AN_OBJECT', message: 'The body must be a JSON object.' }] });
  }
  const b = body as Record<string, unknown>;
  const patientId = typeof b.patient_id === 'string' ? b.patient_id : null;
  if ('features' in b) return { patientId, features: b.features };
  const features: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b)) if (!ENVELOPE_KEYS.has(k)) features[k] = v;
  return { patientId, features };
}
