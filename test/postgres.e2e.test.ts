import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isRiskgateError } from '../src/errors.js';
import { openStore } from '../src/store/index.js';
import { PATIENT, startTestServer } from './helpers/test-server.js';
import { dropSchemas, probePostgres } from './helpers/postgres.js';

const url = process.env.DATABASE_URL_TEST;
const inCi = process.env.CI === 'true';

const problem = await probePostgres(url);

describe.skipIf(problem !== null && !inCi)(`the server on PostgreSQL${problem ? ` — skipped locally: ${problem}` : ''}`, () => {
  it('refuses pending migrations, then serves predictions over HTTP from PostgreSQL once migrated', async () => {
    if (problem) throw new Error(`CI requires PostgreSQL: ${problem}`);
    const schema = `rg_e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    try {
      // Outside embedded SQLite the server never migrates by itself.
      await expect(startTestServer({ vars: { DATABASE_URL: url! }, storeOptions: { schema } })).rejects.toSatisfy((e) => isRiskgateError(e, 'MIGRATIONS_PENDING'));
      const store = await openStore(url!, { schema });
      expect((await store.migrate()).error).toBeNull();
      await store.close();

      const s = await startTestServer({ vars: { DATABASE_URL: url! }, storeOptions: { schema } });
      try {
        expect(s.deps.store.dialect).toBe('postgres');
        const base = await s.app.listen({ host: '127.0.0.1', port: 0 });
        const headers = { authorization: `Bearer ${s.adminKey}`, 'content-type': 'application/json' };
        expect((await fetch(`${base}/health/ready`)).status).toBe(200);
        const made = await fetch(`${base}/api/v1/predict`, { method: 'POST', headers, body: JSON.stringify({ patient_id: 'pg-1', features: PATIENT }) });
        expect(made.status).toBe(200);
        const answer = (await made.json()) as { prediction_id: string; explanation: { contributions: unknown[] } };
        expect(answer.explanation.contributions).toHaveLength(13);
        const history = (await (await fetch(`${base}/api/v1/patients/pg-1/predictions`, { headers })).json()) as { items: { prediction_id: string }[] };
        expect(history.items.map((p) => p.prediction_id)).toEqual([answer.prediction_id]);
        const stored = await fetch(`${base}/api/v1/predictions/${answer.prediction_id}`, { headers });
        expect(stored.status).toBe(200);
        const fb = await fetch(`${base}/api/v1/feedback`, { method: 'POST', headers, body: JSON.stringify({ prediction_id: answer.prediction_id, outcome: 1 }) });
        expect(fb.status).toBe(201);
        const verify = (await (await fetch(`${base}/api/v1/audit/verify`, { headers })).json()) as { ok: boolean; checked: number };
        expect(verify.ok).toBe(true);
        expect(verify.checked).toBeGreaterThanOrEqual(3);
      } finally {
        await s.dispose();
      }
    } finally {
      await dropSchemas(url!, [schema]);
    }
  });
});
