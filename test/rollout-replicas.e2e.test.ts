// Two replicas on one PostgreSQL database: one controller decides (advisory lock), both route
// by the stored rollout, whichever replica's API was used.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type RiskgateServer } from '../src/api/create-server.js';
import { ApiClient } from '../src/cli/commands/api-client.js';
import { registerBuiltModel, seedProduction, trainHeartModel } from '../src/cli/commands/demo-models.js';
import { loadConfig } from '../src/config/index.js';
import { FAST_ROLLOUTS } from './rollout-e2e-support.js';
import { dropSchemas, probePostgres } from './helpers/postgres.js';

const url = process.env.DATABASE_URL_TEST;
const inCi = process.env.CI === 'true';

const problem = await probePostgres(url);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

const waitFor = async (what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe.skipIf(problem !== null && !inCi)(`rollouts across replicas on PostgreSQL${problem ? ` — skipped locally: ${problem}` : ''}`, () => {
  it('one controller leads; a rollout started on either replica reaches both routers; an abort too', async () => {
    if (problem) throw new Error(`CI requires PostgreSQL: ${problem}`);
    const schema = `rg_replicas_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const dir = mkdtempSync(join(tmpdir(), 'rg-replicas-'));
    cleanups.push(async () => {
      rmSync(dir, { recursive: true, force: true });
      await dropSchemas(url!, [schema]);
    });
    const config = loadConfig({ env: 'development', cwd: dir, vars: { SECRET_KEY: 'replicas-e2e-secret-9d8c7b6a5f4e3d2c1b0a9f8e', DATABASE_URL: url! }, overrides: FAST_ROLLOUTS });
    mkdirSync(config.models.path, { recursive: true });
    const v1 = await seedProduction(config, trainHeartModel('uci:cleveland', 'logistic', 0), 'test', 'replicas: v1', { schema });

    const replicas: RiskgateServer[] = [];
    for (let i = 0; i < 2; i++) {
      const server = await createServer(config, { logger: false, bootstrap: false, storeOptions: { schema } });
      cleanups.push(() => server.close());
      replicas.push(server);
    }
    const [a, b] = replicas;
    const v2 = await registerBuiltModel(a.deps.registry!, dir, trainHeartModel('uci:cleveland,uci:hungarian', 'logistic', 1), 'test');
    const health = async (s: RiskgateServer) => (await s.app.inject({ method: 'GET', url: '/health/detailed' })).json() as { components?: { name: string; details?: { leader?: boolean | null } }[] };
    const leaderOf = async (s: RiskgateServer) => JSON.stringify(await health(s)).match(/"leader":(true|false)/)?.[1];
    await waitFor('one leader', async () => (await leaderOf(a)) !== undefined && (await leaderOf(b)) !== undefined);
    expect([await leaderOf(a), await leaderOf(b)].sort()).toEqual(['false', 'true']);

    // Started through b's API: a's router must follow, whoever leads.
    const deployerKey = (await b.deps.keys.create({ role: 'deployer', name: 'replicas', createdBy: 'test' })).plaintext;
    const onB = new ApiClient(await b.app.listen({ host: '127.0.0.1', port: 0 }), deployerKey);
    const { rollout } = await onB.post<{ rollout: { id: string } }>('/api/v1/rollouts', { version: v2, strategy: 'canary', bake: '10m', reason: 'replicas' });
    for (const s of replicas) await waitFor('canary plan on every replica', () => s.deps.router.plan()?.canary === v2);
    for (const s of replicas) expect(s.deps.router.plan()).toMatchObject({ rolloutId: rollout.id, stable: v1, canary: v2, canaryWeight: 20 });

    await onB.post(`/api/v1/rollouts/${rollout.id}/abort`, { reason: 'replicas: abort' });
    for (const s of replicas) await waitFor('stable plan on every replica', () => s.deps.router.plan()?.canary === null && s.deps.router.plan()?.stable === v1);
    // The aborted candidate leaves every replica's memory, the leader's and the follower's.
    for (const s of replicas) await waitFor('v2 unloaded on every replica', () => s.deps.pool.get(v2) === undefined);
    expect(replicas.map((s) => s.deps.pool.get(v1)?.version)).toEqual([v1, v1]);
  }, 60_000);
});
