import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isRiskgateError } from '../errors.js';
import type { TrafficPlan } from '../serving/index.js';
import { openStore, type LockHandle, type LockRepository, type RolloutRepository, type Store } from '../store/index.js';
import type { ArmQuery } from './analysis-request.js';
import type { ArmObservation, ShadowObservation } from './arm-observation.js';
import type { EffectApplier, SmokeTestResult } from './effect-applier.js';
import { MemoryRolloutRepository } from './memory-rollout-repository.js';
import type { MetricSource } from './metric-source.js';
import type { RolloutEventDraft } from './rollout-effect.js';
import { RolloutController } from './rollout-controller.js';
import { syntheticArm, syntheticShadow } from './test-arms.js';
import type { VersionCatalog } from './version-catalog.js';

const MIN = 60_000;

/** The world the controller acts on, recorded: what is loaded, the plan, the alias, events. */
class FakeWorld implements EffectApplier, MetricSource, VersionCatalog {
  loaded = new Set<string>(['v1']);
  plan: TrafficPlan | null = null;
  production: string | null = 'v1';
  previous: string | null = null;
  known = new Set(['v1', 'v2', 'v3']);
  events: RolloutEventDraft[] = [];
  notes: string[] = [];
  failLoad = new Set<string>();
  smoke: SmokeTestResult = { passed: true, summary: '20 of 20 outputs identical' };
  candidateArm: ArmObservation = syntheticArm({ seed: 3 });
  baselineArm: ArmObservation = syntheticArm({ seed: 2 });
  shadow: ShadowObservation = syntheticShadow();
  observeFails = false;
  queries: ArmQuery[] = [];
  /** Set to throw right after the next setTrafficPlan (simulates a crash while applying). */
  crashAfterPlan = false;

  async loadModel(version: string) {
    if (this.failLoad.has(version)) throw new Error(`checksum mismatch in ${version}`);
    this.loaded.add(version);
  }
  async unloadModel(version: string) { this.loaded.delete(version); }
  async setTrafficPlan(plan: TrafficPlan) {
    this.plan = plan;
    if (this.crashAfterPlan) { this.crashAfterPlan = false; throw new CrashError(); }
  }
  async moveAlias(_alias: 'production', version: string) { if (this.production !== version) { this.previous = this.production; this.production = version; } }
  async recordEvent(event: RolloutEventDraft) { this.events.push(event); }
  async notify(_severity: string, text: string) { this.notes.push(text); }
  async runSmokeTest(): Promise<SmokeTestResult> { return this.smoke; }
  async observeArm(query: ArmQuery): Promise<ArmObservation> {
    if (this.observeFails) throw new Error('store unavailable');
    this.queries.push(query);
    return query.arm === 'canary' ? this.candidateArm : this.baselineArm;
  }
  async observeShadow(): Promise<ShadowObservation> { return this.shadow; }
  async productionVersion() { return this.production; }
  async hasVersion(v: string) { return this.known.has(v); }
  async previousProductionVersion() { return this.previous; }
}

/** A stand-in for the process dying: not an Error subclass the controller handles specially. */
class CrashError extends Error {}

interface Backend { name: string; open(): Promise<{ repository: RolloutRepository; close(): Promise<void> }> }

/** One process's named locks (as SQLite's store offers): first come holds until release. */
class ProcessLocks implements LockRepository {
  readonly held = new Set<string>();
  async tryAcquire(name: string): Promise<LockHandle | null> {
    if (this.held.has(name)) return null;
    this.held.add(name);
    return { release: async () => { this.held.delete(name); } };
  }
}

const files: string[] = [];
afterEach(() => { for (const f of files.splice(0)) rmSync(f, { force: true }); });

const BACKENDS: Backend[] = [
  { name: 'memory', open: async () => ({ repository: new MemoryRolloutRepository(), close: async () => {} }) },
  {
    name: 'SqliteStore',
    open: async () => {
      const file = join(tmpdir(), `riskgate-rollout-${randomUUID()}.db`);
      files.push(file, `${file}-wal`, `${file}-shm`);
      const store: Store = await openStore(`sqlite:${file}`);
      const run = await store.migrate();
      if (run.error) throw run.error;
      return { repository: store.rollouts, close: () => store.close() };
    },
  },
];

describe.each(BACKENDS)('RolloutController over $name', (backend) => {
  async function setup(env = `test-${randomUUID().slice(0, 8)}`) {
    const { repository, close } = await backend.open();
    const world = new FakeWorld();
    let now = Date.UTC(2026, 10, 23, 12);
    const clock = { advance: (ms: number) => { now += ms; }, now: () => now };
    const make = () => new RolloutController({ env, repository, metrics: world, effects: world, versions: world, clock: () => now });
    return { repository, world, clock, controller: make(), make, env, close };
  }

  it('runs a canary to promotion, persisting state before effects, with a full timeline', async () => {
    const { world, clock, controller, close } = await setup();
    const started = await controller.start({ version: 'v2', strategy: 'canary', bake: '10m', actor: 'alice', reason: 'retrained' });
    expect(started.phase).toBe('progressing');
    expect(started.canaryWeight).toBe(5);
    expect(world.loaded.has('v2')).toBe(true);
    expect(world.plan).toMatchObject({ stable: 'v1', canary: 'v2', canaryWeight: 5, rolloutId: started.id });
    expect(started.pendingEffects).toBe(0);
    const weights: number[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(10 * MIN);
      await controller.tick();
      weights.push((await controller.status(started.id)).canaryWeight);
    }
    expect(weights).toEqual([25, 50, 100, 100]);
    const done = await controller.status(started.id);
    expect(done.phase).toBe('completed');
    expect(world.production).toBe('v2');
    expect(world.plan).toMatchObject({ stable: 'v2', canaryWeight: 0 });
    expect(world.loaded.has('v1')).toBe(false);
    expect(done.events.map((e) => e.type)).toEqual(['started', 'step', 'step', 'step', 'step', 'step', 'step', 'step', 'step', 'completed']);
    expect(world.events).toHaveLength(done.events.length); // audited too
    expect(world.notes.length).toBe(done.events.length); // and notified
    expect(world.queries[0]).toMatchObject({ arm: 'canary', version: 'v2', since: started.windowStartedAt });
    await close();
  });

  it('rolls back automatically on a failing check and never routes to the candidate again', async () => {
    const { world, clock, controller, make, close } = await setup();
    const r = await controller.start({ version: 'v2', strategy: 'canary', actor: 'alice' });
    world.candidateArm = syntheticArm({ seed: 3, errors: 100 });
    clock.advance(MIN);
    await controller.tick();
    const view = await controller.status(r.id);
    expect(view.phase).toBe('rolled-back');
    expect(view.outcome?.reason).toMatch(/above the 5.0 % limit/);
    expect(world.plan).toMatchObject({ stable: 'v1', canary: null, canaryWeight: 0 });
    expect(world.loaded.has('v2')).toBe(false);
    // A restart does not bring the candidate back.
    world.plan = null;
    expect(await make().recover()).toBeNull();
    expect(world.plan).toBeNull();
    await expect(controller.resume(r.id, 'bob', 'retry')).rejects.toSatisfy((e) => isRiskgateError(e, 'ROLLOUT_INVALID_ACTION'));
    await close();
  });

  it('allows one active rollout per environment', async () => {
    const { controller, clock, close } = await setup();
    const first = await controller.start({ version: 'v2', strategy: 'canary', actor: 'alice' });
    await expect(controller.start({ version: 'v3', strategy: 'canary', actor: 'bob' })).rejects.toSatisfy((e) => isRiskgateError(e, 'ROLLOUT_CONFLICT') && (e as unknown as { details: { active: string } }).details.active === first.id);
    await controller.abort(first.id, 'alice', 'wrong version');
    clock.advance(MIN);
    const second = await controller.start({ version: 'v3', strategy: 'canary', actor: 'bob' });
    expect(second.phase).toBe('progressing');
    expect((await controller.list()).map((r) => r.id)).toEqual([second.id, first.id]);
    await close();
  });

  it('refuses unknown versions, other environments, bad options and unknown ids', async () => {
    const { controller, close } = await setup();
    await expect(controller.start({ version: 'v9', strategy: 'canary', actor: 'a' })).rejects.toSatisfy((e) => isRiskgateError(e, 'MODEL_NOT_FOUND'));
    await expect(controller.start({ version: 'v2', strategy: 'canary', actor: 'a', env: 'elsewhere' })).rejects.toSatisfy((e) => isRiskgateError(e, 'BAD_REQUEST'));
    await expect(controller.start({ version: 'v2', strategy: 'canary', actor: 'a', steps: [50, 10] })).rejects.toSatisfy((e) => isRiskgateError(e, 'BAD_REQUEST'));
    await expect(controller.start({ version: 'v2', strategy: 'canary', actor: 'a', bake: 'soon' })).rejects.toSatisfy((e) => isRiskgateError(e, 'BAD_REQUEST'));
    await expect(controller.status('ro_missing')).rejects.toSatisfy((e) => isRiskgateError(e, 'ROLLOUT_NOT_FOUND'));
    await close();
  });

  it('resumes after a restart at the same step and weights (state persisted mid-canary)', async () => {
    const { world, clock, controller, make, close } = await setup();
    const r = await controller.start({ version: 'v2', strategy: 'canary', bake: '10m', actor: 'alice' });
    clock.advance(10 * MIN);
    await controller.tick(); // now at 25 %
    await controller.pause(r.id, 'bob', 'checking dashboards');
    await controller.resume(r.id, 'bob', 'fine');
    // The process dies: a fresh pool, router and controller over the same store.
    world.loaded = new Set(['v1']);
    world.plan = null;
    const restarted = make();
    const recovered = await restarted.recover();
    expect(recovered).toMatchObject({ id: r.id, phase: 'progressing', canaryWeight: 25, stepIndex: 3 });
    expect(world.plan).toMatchObject({ stable: 'v1', canary: 'v2', canaryWeight: 25, rolloutId: r.id });
    expect(world.loaded).toEqual(new Set(['v1', 'v2']));
    // And carries on from there.
    clock.advance(10 * MIN);
    await restarted.tick();
    expect((await restarted.status(r.id)).canaryWeight).toBe(50);
    await close();
  });

  it('finishes a transition a crash interrupted: saved effects are applied on recovery', async () => {
    const { world, clock, controller, make, close } = await setup();
    const r = await controller.start({ version: 'v2', strategy: 'canary', bake: '10m', actor: 'alice' });
    await controller.recover(); // as the server does at boot
    world.candidateArm = syntheticArm({ seed: 3, errors: 100 });
    world.crashAfterPlan = true; // dies right after routing back, before unloading and recording
    clock.advance(MIN);
    await expect(controller.tick()).resolves.toBeDefined(); // setTrafficPlan is critical but the rollout is already terminal: kept pending
    let view = await controller.status(r.id);
    expect(view.phase).toBe('rolled-back');
    expect(view.pendingEffects).toBeGreaterThan(0);
    world.plan = null;
    await make().recover();
    view = await controller.status(r.id);
    expect(view.pendingEffects).toBe(0);
    expect(world.plan).toMatchObject({ stable: 'v1', canaryWeight: 0 });
    expect(world.loaded.has('v2')).toBe(false);
    expect(view.events.map((e) => e.type)).toContain('rolled_back');
    await close();
  });

  it('rolls back when the candidate cannot be loaded', async () => {
    const { world, controller, close } = await setup();
    world.failLoad.add('v2');
    const r = await controller.start({ version: 'v2', strategy: 'canary', actor: 'alice' });
    expect(r.phase).toBe('rolled-back');
    expect(r.outcome?.reason).toMatch(/checksum mismatch/);
    expect(world.plan).toMatchObject({ stable: 'v1', canaryWeight: 0 });
    await close();
  });

  it('runs blue-green through preview, smoke test, switch and bake', async () => {
    const { world, clock, controller, close } = await setup();
    const r = await controller.start({ version: 'v2', strategy: 'blue-green', bake: '5m', actor: 'alice' });
    expect(r.switched).toBe(true); // smoke test passed within start
    expect(r.smokeTest?.status).toBe('passed');
    expect(world.plan).toMatchObject({ stable: 'v1', canary: 'v2', canaryWeight: 100 });
    expect(world.loaded).toEqual(new Set(['v1', 'v2'])); // old kept warm
    clock.advance(5 * MIN);
    await controller.tick();
    expect((await controller.status(r.id)).phase).toBe('completed');
    expect(world.loaded).toEqual(new Set(['v2']));
    expect(world.production).toBe('v2');
    await close();
  });

  it('rolls back blue-green on a failed smoke test before any patient is switched', async () => {
    const { world, controller, close } = await setup();
    world.smoke = { passed: false, summary: '2 of 20 outputs differ' };
    const r = await controller.start({ version: 'v2', strategy: 'blue-green', actor: 'alice' });
    expect(r.phase).toBe('rolled-back');
    expect(world.plan).toMatchObject({ stable: 'v1', preview: null, canaryWeight: 0 });
    await close();
  });

  it('runs a shadow, then reports without promoting', async () => {
    const { world, clock, controller, close } = await setup();
    const r = await controller.start({ version: 'v2', strategy: 'shadow', mirror: 50, bake: '5m', actor: 'alice' });
    expect(world.plan).toMatchObject({ stable: 'v1', shadow: { version: 'v2', mirrorPercent: 50 } });
    clock.advance(5 * MIN);
    await controller.tick();
    const view = await controller.status(r.id);
    expect(view.phase).toBe('completed');
    expect(view.analysis?.verdict.checks.map((c) => c.name)).toContain('agreement');
    expect(world.production).toBe('v1');
    await close();
  });

  it('pauses after repeated observation failures instead of guessing', async () => {
    const { world, clock, controller, close } = await setup();
    const r = await controller.start({ version: 'v2', strategy: 'canary', actor: 'alice' });
    world.observeFails = true;
    for (let i = 0; i < 5; i++) { clock.advance(MIN); await controller.tick(); }
    const view = await controller.status(r.id);
    expect(view.phase).toBe('paused');
    expect(view.pause?.kind).toBe('error');
    await close();
  });

  it('rollback: of the active rollout, and of production to the previous version', async () => {
    const { world, controller, close } = await setup();
    const r = await controller.start({ version: 'v2', strategy: 'canary', actor: 'alice' });
    const first = await controller.rollback({ reason: 'pager', actor: 'bob' });
    expect(first).toMatchObject({ from: 'v1', to: 'v1' });
    expect(first.rollout?.phase).toBe('rolled-back');
    expect((await controller.status(r.id)).phase).toBe('rolled-back');
    // Without an active rollout: production moves back to the previous version.
    world.production = 'v3';
    world.previous = 'v1';
    const second = await controller.rollback({ reason: 'v3 misbehaves', actor: 'bob' });
    expect(second).toEqual({ from: 'v3', to: 'v1', rollout: null });
    expect(world.plan).toMatchObject({ stable: 'v1', canaryWeight: 0 });
    expect(world.notes.at(-1)).toMatch(/rolled back from v3 to v1/);
    await expect(controller.rollback({ to: 'v1', reason: 'again', actor: 'bob' })).rejects.toSatisfy((e) => isRiskgateError(e, 'CONFLICT'));
    await expect(controller.rollback({ to: 'v9', reason: 'x', actor: 'bob' })).rejects.toSatisfy((e) => isRiskgateError(e, 'MODEL_NOT_FOUND'));
    await close();
  });

  it('detects a concurrent writer through the revision and decides again on its state', async () => {
    const { repository, clock, make, close } = await setup();
    const a = make();
    const b = make(); // another replica's controller
    const r = await a.start({ version: 'v2', strategy: 'canary', actor: 'alice' });
    const stale = await repository.get(r.id);
    await b.pause(r.id, 'bob', 'hold');
    clock.advance(MIN);
    // Saving on top of the stale revision is refused by the store.
    await expect(repository.save(r.id, stale!.revision, { phase: 'progressing', active: true, state: stale!.state, at: 0 })).rejects.toSatisfy((e) => isRiskgateError(e, 'CONFLICT'));
    await expect(a.pause(r.id, 'alice', 'hold')).rejects.toSatisfy((e) => isRiskgateError(e, 'ROLLOUT_INVALID_ACTION'));
    expect((await a.resume(r.id, 'alice', 'go')).phase).toBe('progressing');
    await close();
  });
  it('lets only the lock holder decide while other replicas follow the stored plan', async () => {
    const { repository, world, clock, env, close } = await setup();
    const locks = new ProcessLocks();
    const replicaWorld = new FakeWorld();
    const controller = (w: FakeWorld) => new RolloutController({ env, repository, metrics: w, effects: w, versions: w, clock: () => clock.now(), locks });
    const leader = controller(world);
    const follower = controller(replicaWorld);
    expect((await leader.tick()).leader).toBe(true);
    const r = await leader.start({ version: 'v2', strategy: 'canary', bake: '10m', actor: 'alice' });
    const seen = await follower.tick();
    expect(seen).toMatchObject({ leader: false, rolloutId: r.id });
    expect(replicaWorld.plan).toMatchObject({ canary: 'v2', canaryWeight: 5 });
    expect(replicaWorld.loaded).toEqual(new Set(['v1', 'v2']));
    expect(replicaWorld.queries).toHaveLength(0); // followers never observe or decide
    clock.advance(10 * MIN);
    await leader.tick();
    await follower.tick();
    expect(replicaWorld.plan).toMatchObject({ canaryWeight: 25 });
    world.candidateArm = syntheticArm({ seed: 3, errors: 100 });
    await leader.tick();
    await follower.tick();
    expect(replicaWorld.plan).toMatchObject({ stable: 'v1', canary: null, canaryWeight: 0 });
    // When the leader stops, a new controller takes the lock and recovers by itself on its first tick.
    await leader.stop();
    const next = await controller(new FakeWorld()).tick();
    expect(next.leader).toBe(true);
    await close();
  });

  it('starts a rollout through a follower even when the leader takes it over mid-start', async () => {
    const { repository, world, clock, env, close } = await setup();
    const locks = new ProcessLocks();
    // The follower's first effect waits until the leader has ticked over the fresh rollout.
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    class GatedWorld extends FakeWorld {
      override async loadModel(version: string) {
        await gate;
        return super.loadModel(version);
      }
    }
    const followerWorld = new GatedWorld();
    const leader = new RolloutController({ env, repository, metrics: world, effects: world, versions: world, clock: () => clock.now(), locks });
    const follower = new RolloutController({ env, repository, metrics: followerWorld, effects: followerWorld, versions: followerWorld, clock: () => clock.now(), locks });
    expect((await leader.tick()).leader).toBe(true);
    const starting = follower.start({ version: 'v2', strategy: 'canary', bake: '10m', actor: 'alice' });
    let active = null;
    while (!(active = await repository.findActive(env))) await new Promise((resolve) => setTimeout(resolve, 5));
    await leader.tick(); // applies the outbox and saves first
    expect(world.plan).toMatchObject({ canary: 'v2', canaryWeight: 5 });
    release();
    const view = await starting;
    expect(view).toMatchObject({ id: active.id, phase: 'progressing', candidate: 'v2' });
    expect(followerWorld.plan).toMatchObject({ canary: 'v2' });
    await close();
  });

  it('restores the plan on its first tick even when recover() was not called', async () => {
    const { world, controller, make, close } = await setup();
    const r = await controller.start({ version: 'v2', strategy: 'canary', bake: '10m', actor: 'alice' });
    world.plan = null;
    world.loaded = new Set(['v1']);
    await make().tick();
    expect(world.plan).toMatchObject({ rolloutId: r.id, canary: 'v2', canaryWeight: 5 });
    expect(world.loaded.has('v2')).toBe(true);
    await close();
  });
});
