import { randomUUID } from 'node:crypto';

/**
 * A new prediction id: a UUIDv7 (RFC 9562) — 48 bits of Unix milliseconds, version 7, then
 * the 74 random bits and the variant of a v4 UUID from randomUUID, which draws on Node's
 * pooled entropy (a v7 library that asks the system for 16 random bytes per id cost more than
 * the whole rest of the id). Time-ordered ids land at the end of the store's primary-key index
 * instead of at random pages of it.
 */
export function newPredictionId(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  // randomUUID(): xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; keep everything after the version digit.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
