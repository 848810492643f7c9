import { randomUUID } from 'node:crypto';
import type { PredictionRecord } from '../store.js';

/** Test support: PostgreSQL at DATABASE_URL_TEST, in schemas of their own. */
export { IN_CI, PG_URL, dropSchemas, probePostgres } from '../../../test/helpers/postgres.js';

/** A unique schema name for one test. */
export function uniqueSchema(): string {
  return `rg_bk_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

/** A prediction record with a fresh id. */
export function makePrediction(at: number): PredictionRecord {
  return {
    id: randomUUID(), patientHash: `p${at % 97}`, modelVersion: 'model-v1.0.0-20261123-1200', modelChecksum: 'c'.repeat(64), arm: 'stable', rolloutId: null,
    input: { age: 40 + (at % 30), sex: at % 2 }, probability: (at % 100) / 100, output: { band: 'low', threshold: 0.5 },
    explanation: { base: 0.1, contributions: [0.2, -0.1] }, error: null, latencyMs: 1.5, requestId: `req-${at}`, createdAt: 1_800_000_000_000 + at,
  };
}
