import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../config/index.js';
import { isRiskgateError } from '../errors.js';
import { ModelRegistry } from '../registry/index.js';
import { createTestRegistry, heartTrainingPool, type TestRegistry } from '../registry/registry-test-support.js';
import { shuffleLabels, trainHeart, writeModelArtifact } from './gates-test-support.js';
import { createGatePromotionCheck, openGatedRegistry } from './open-gated-registry.js';

/** The GATES_FAILED message a promise rejects with. */
async function gatesFailed(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isRiskgateError(e, 'GATES_FAILED')) return e.message;
    throw e;
  }
  throw new Error('expected GATES_FAILED');
}

let t: TestRegistry;
let strict: ModelRegistry;
let good: string;
let bad: string;

beforeEach(async () => {
  t = await createTestRegistry();
  const config = { env: 'production' as const, models: { path: t.registry.modelPath }, security: { ...DEFAULTS.security, strict_mode: true }, gates: DEFAULTS.gates };
  strict = openGatedRegistry(config, t.store);
  const pool = heartTrainingPool();
  good = (await strict.register(writeModelArtifact(t.dir, 'good', trainHeart(pool, 'gbdt'), pool, 0.4), { actor: 'ci' })).version;
  bad = (await strict.register(writeModelArtifact(t.dir, 'bad', trainHeart(shuffleLabels(pool, 3), 'gbdt'), pool, 0.4), { actor: 'ci' })).version;
});
afterEach(async () => {
  await t.cleanup();
});

describe('strict promotion rules', () => {
  it('needs staging before production, then allows it with a passing report', async () => {
    expect(await gatesFailed(strict.promote(good, 'production', { actor: 'alice', reason: 'skip staging' }))).toMatch(/must be staging before it becomes production/);
    await strict.promote(good, 'staging', { actor: 'alice', reason: 'gates pass' });
    const move = await strict.promote(good, 'production', { actor: 'alice', reason: 'staging looked fine' });
    expect(move).toMatchObject({ alias: 'production', to: good, actor: 'alice' });
    expect((await strict.get(good)).notes.gate_reports.production).toMatchObject({ passed: true });
  });

  it('refuses staging and production for a failing version, naming the failed gates', async () => {
    const message = await gatesFailed(strict.promote(bad, 'staging', { actor: 'alice', reason: 'try' }));
    expect(message).toMatch(/strict environment.*discrimination/);
    expect((await strict.get(bad)).notes.gate_reports.production).toMatchObject({ passed: false });
    expect(await strict.history('staging')).toEqual([]);
    await strict.promote(bad, 'candidate', { actor: 'alice', reason: 'candidates are not gated' });
  });

  it('rolls production back to a version that held it before without gating it again', async () => {
    const gateRuns: string[] = [];
    const check = createGatePromotionCheck(DEFAULTS.gates);
    const counted = new ModelRegistry({
      store: t.store, modelPath: t.registry.modelPath, env: 'production', strict: true,
      promotionCheck: async (registry, version) => {
        gateRuns.push(version);
        return check(registry, version);
      },
    });
    const pool = heartTrainingPool();
    const next = (await counted.register(writeModelArtifact(t.dir, 'next', trainHeart(pool, 'gbdt', 1), pool, 0.4), { actor: 'ci' })).version;
    for (const v of [good, next]) {
      await counted.promote(v, 'staging', { actor: 'a', reason: 'gates pass' });
      await counted.promote(v, 'production', { actor: 'a', reason: 'staging was fine' });
    }
    expect(gateRuns).toEqual([good, good, next, next]);
    const back = await counted.promote(good, 'production', { actor: 'oncall', reason: 'rollback: errors after release' });
    expect(back).toMatchObject({ from: next, to: good });
    expect(gateRuns).toHaveLength(4);
    // A version that never held production is no rollback: gated as usual (and refused).
    expect(await gatesFailed(counted.promote(bad, 'production', { actor: 'a', reason: 'never staged' }))).toMatch(/strict environment/);
    expect(gateRuns).toHaveLength(5);
  });

  it('does not gate a non-strict environment', async () => {
    await t.registry.promote(bad, 'production', { actor: 'dev', reason: 'local experiment' });
    expect(await t.registry.aliasAt('production', new Date('2030-01-01T00:00:00Z'))).toBe(bad);
  });
});
