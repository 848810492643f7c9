import { createHmac } from 'node:crypto';

/** Number of sticky buckets; a weight of w % covers buckets [0, w × 100). */
export const BUCKET_COUNT = 10_000;

/**
 * The sticky bucket (0–9,999) of a patient within a rollout: HMAC-SHA256 keyed by a server
 * secret over (rollout id, patient id). Keyed so nobody can choose a patient id to land on
 * the canary; including the rollout id reshuffles patients between rollouts, so the same
 * people are not always the first exposed. Deterministic for equal inputs.
 */
export function stickyBucket(key: string | Buffer, rolloutId: string, patientId: string): number {
  // NUL separates the parts so ('a', 'bc') and ('ab', 'c') hash differently.
  const digest = createHmac('sha256', key).update(rolloutId).update('\0').update(patientId).digest();
  // 2^32 is not a multiple of 10,000; the bias (< 3e-6 per bucket) is negligible.
  return digest.readUInt32BE(0) % BUCKET_COUNT;
}

/** Whether a bucket falls within a weight in percent (0–100), i.e. bucket < weight × 100. */
export function bucketWithin(bucket: number, weightPercent: number): boolean {
  return bucket < Math.round(weightPercent * (BUCKET_COUNT / 100));
}
