import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrafficPlan } from '../serving/index.js';
import { openStore } from '../store/index.js';
import { RolloutController } from './rollout-controller.js';
import { syntheticArm } from './test-arms.js';

const CHILD = fileURLToPath(new URL('./testing/canary-child.ts', import.meta.url));
const files: string[] = [];
afterEach(() => { for (const f of files.splice(0)) rmSync(f, { force: true }); });

describe('rollout controller restart', () => {
  it('resumes at the same step and weights after the process is killed with SIGKILL mid-canary', async () => {
    const file = join(tmpdir(), `riskgate-restart-${randomUUID()}.db`);
    files.push(file, `${file}-wal`, `${file}-shm`);
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, String(Date.UTC(2026, 10, 23, 12))], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const before = JSON.parse(line) as { id: string; canaryWeight: number; stepIndex: number; now: number };
    expect(before.canaryWeight).toBe(25);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    // A new server over the same database: empty pool and router until the controller recovers.
    const store = await openStore(`sqlite:${file}`);
    let now = before.now + 60_000;
    const plans: TrafficPlan[] = [];
    const loaded = new Set<string>();
    const healthy = { candidate: syntheticArm({ seed: 3 }), baseline: syntheticArm({ seed: 2 }) };
    const controller = new RolloutController({
      env: 'production', repository: store.rollouts, clock: () => now,
      metrics: { observeArm: async (q) => (q.arm === 'canary' ? healthy.candidate : healthy.baseline), observeShadow: async () => { throw new Error('unused'); } },
      effects: {
        loadModel: async (v) => { loaded.add(v); }, unloadModel: async (v) => { loaded.delete(v); },
        setTrafficPlan: async (p) => { plans.push(p); }, moveAlias: async () => {}, recordEvent: async () => {}, notify: async () => {},
        runSmokeTest: async () => ({ passed: true, summary: 'n/a' }),
      },
      versions: { productionVersion: async () => 'v1', hasVersion: async () => true, previousProductionVersion: async () => null },
    });
    const recovered = await controller.recover();
    expect(recovered).toMatchObject({ id: before.id, phase: 'progressing', canaryWeight: 25, stepIndex: before.stepIndex });
    expect(plans.at(-1)).toMatchObject({ rolloutId: before.id, stable: 'v1', canary: 'v2', canaryWeight: 25 });
    expect(loaded).toEqual(new Set(['v1', 'v2']));
    now += 10 * 60_000;
    await controller.tick();
    expect((await controller.status(before.id)).canaryWeight).toBe(50);
    await store.close();
  });
});
