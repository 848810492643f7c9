import type { PredictionRecord } from '../../store/index.js';

/** A stored prediction in the shape of STORED_PREDICTION_SCHEMA. */
export function presentStoredPrediction(r: PredictionRecord): Record<string, unknown> {
  const output = r.output as Record<string, unknown>;
  return {
    prediction_id: r.id,
    model: { version: r.modelVersion, checksum: r.modelChecksum },
    arm: r.arm,
    rollout_id: r.rolloutId,
    risk: { probability: r.probability, band: output.band ?? null, threshold: output.threshold ?? null },
    input: r.input,
    explanation: r.explanation,
    error: r.error,
    latency_ms: r.latencyMs,
    request_id: r.requestId,
    created_at: new Date(r.createdAt).toISOString(),
  };
}
