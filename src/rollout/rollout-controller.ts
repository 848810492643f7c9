import { randomUUID } from 'node:crypto';
import { isRiskgateError, RiskgateError } from '../errors.js';
import { stablePlan } from '../serving/index.js';
import type { JsonObject, LockHandle, LockRepository, RolloutRecord, RolloutRepository } from '../store/index.js';
import { analysisRequest, type AnalysisRequest } from './analysis-request.js';
import { derivePlan } from './derive-plan.js';
import type { EffectApplier, EffectContext } from './effect-applier.js';
import { DEFAULT_JUDGE_LIMITS, type JudgeLimits } from './judge-limits.js';
import type { MetricSource } from './metric-source.js';
import { parseDuration } from './parse-duration.js';
import { decodeRollout, encodeRollout } from './persisted-rollout.js';
import { CRITICAL_EFFECTS, type RolloutEffect } from './rollout-effect.js';
import type { RolloutInput } from './rollout-input.js';
import { decide, type Decision } from './rollout-machine.js';
import type { RollbackRequest, RollbackResult, RolloutService, StartRolloutRequest } from './rollout-service.js';
import { isActivePhase, type RolloutState } from './rollout-state.js';
import { viewRollout, type RolloutView } from './rollout-view.js';
import { startRollout } from './start-rollout.js';
import type { VersionCatalog } from './version-catalog.js';

/** pino-compatible logger subset. */
export interface ControllerLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** What a RolloutController needs; each seam is a small interface. */
export interface RolloutControllerOptions {
  /** The environment this controller runs rollouts in (one active rollout at a time). */
  readonly env: string;
  readonly repository: RolloutRepository;
  readonly metrics: MetricSource;
  readonly effects: EffectApplier;
  readonly versions: VersionCatalog;
  readonly clock: () => number;
  readonly limits?: JudgeLimits;
  /** Ids of new rollouts (default ro_ + a random UUID). */
  readonly newId?: () => string;
  /** When given, only the holder of the `rollout-controller:<env>` lock ticks (several replicas). */
  readonly locks?: LockRepository;
  readonly log?: ControllerLog;
}

/** What one tick did, for logs and tests. */
export interface TickReport {
  readonly rolloutId: string | null;
  readonly phase: string | null;
  /** False when another replica holds the controller lock. */
  readonly leader: boolean;
}

const SILENT: ControllerLog = { warn: () => {}, error: () => {} };
/** Terminal rollouts scanned for unapplied effects on each tick. */
const RECENT_TERMINAL_SCAN = 5;

/**
 * Runs rollouts: each tick loads the active rollout, observes its arms through the
 * MetricSource, asks the pure state machine what to do, saves the new state together with
 * the effects to apply (optimistic concurrency), and only then applies the effects; a crash
 * in between is repaired by re-applying the saved effects on the next tick or start.
 * Implements the RolloutService the API and CLI call. All operations of one controller run
 * one at a time.
 */
export class RolloutController implements RolloutService {
  readonly #o: RolloutControllerOptions;
  readonly #limits: JudgeLimits;
  readonly #log: ControllerLog;
  #queue: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;
  #lock: LockHandle | null = null;
  #recovered = false;
  /** The rollout and plan this server last put in force. */
  #followed: { readonly id: string; readonly plan: string } | null = null;

  constructor(options: RolloutControllerOptions) {
    this.#o = options;
    this.#limits = options.limits ?? DEFAULT_JUDGE_LIMITS;
    this.#log = options.log ?? SILENT;
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Puts serving back where the stored rollouts say after a (re)start: re-applies unconfirmed
   * effects (leader only), then loads both versions of the active rollout and sets its derived
   * plan (same step, same weights) on this server. Terminal rollouts are never re-planned onto
   * their candidate. The first tick does this by itself if nobody called it.
   */
  recover(): Promise<RolloutView | null> {
    return this.#exclusive(async () => {
      const record = await this.#recover();
      return record ? this.#view(record) : null;
    });
  }

  /**
   * One pass. The leader (the only controller without a lock repository, or the holder of
   * the `rollout-controller:<env>` lock) re-applies unconfirmed effects, observes and decides
   * for the active rollout; other replicas only follow the stored state onto their own router.
   * Never throws for analysis problems.
   */
  tick(): Promise<TickReport> {
    return this.#exclusive(async () => {
      if (!this.#recovered) await this.#recover();
      if (!(await this.#isLeader())) {
        const followed = await this.#follow();
        return { rolloutId: followed?.id ?? null, phase: followed?.phase ?? null, leader: false };
      }
      await this.#flushTerminal();
      let record = await this.#o.repository.findActive(this.#o.env);
      if (!record) return { rolloutId: null, phase: null, leader: true };
      if (decodeRollout(record.state).pending.length > 0) record = await this.#applyPending(record);
      const { rollout } = decodeRollout(record.state);
      if (isActivePhase(rollout.phase)) {
        const request = analysisRequest(rollout);
        const input: RolloutInput = request ? await this.#observe(request) : { kind: 'tick' };
        record = await this.#decideAndApply(record, input);
      }
      this.#followed = { id: record.id, plan: JSON.stringify(derivePlan(decodeRollout(record.state).rollout)) };
      return { rolloutId: record.id, phase: record.phase, leader: true };
    });
  }

  /** Ticks every `intervalMs` until stop() (a tick never overlaps the next). */
  startLoop(intervalMs: number): void {
    if (this.#timer) return;
    const loop = () => {
      this.tick()
        .catch((e: unknown) => this.#log.error({ err: e }, 'rollout controller tick failed'))
        .finally(() => {
          if (this.#timer) this.#timer = setTimeout(loop, intervalMs);
        });
    };
    this.#timer = setTimeout(loop, intervalMs);
  }

  /** Stops the loop, waits for the running operation and releases the lock. Idempotent. */
  async stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#queue.catch(() => {});
    await this.#lock?.release();
    this.#lock = null;
  }

  // ------------------------------------------------------------------ RolloutService

  start(request: StartRolloutRequest): Promise<RolloutView> {
    return this.#exclusive(async () => {
      const env = request.env ?? this.#o.env;
      if (env !== this.#o.env) throw new RiskgateError('BAD_REQUEST', { reason: `This server runs rollouts in ${this.#o.env}, not ${env}.` });
      const active = await this.#o.repository.findActive(env);
      if (active) throw new RiskgateError('ROLLOUT_CONFLICT', { active: active.id, env });
      const baseline = await this.#o.versions.productionVersion();
      if (baseline === null) throw new RiskgateError('NO_PRODUCTION_MODEL', { env });
      if (!(await this.#o.versions.hasVersion(request.version))) throw new RiskgateError('MODEL_NOT_FOUND', { version: request.version });
      const now = this.#o.clock();
      const bakeMs = request.bake === undefined ? undefined : parseDuration(request.bake);
      const decision = startRollout({
        id: this.#o.newId?.() ?? `ro_${randomUUID()}`, env, candidate: request.version, baseline, actor: request.actor, reason: request.reason,
        options: {
          strategy: request.strategy, weights: request.steps, bakeMs, minSamples: request.minSamples,
          maxBakeMs: request.maxBake === undefined ? undefined : parseDuration(request.maxBake),
          mirrorPercent: request.mirror, thenCanary: request.thenCanary, holdPreview: request.holdPreview,
        },
      }, now);
      const s = decision.state;
      // The store refuses a second active rollout atomically (ROLLOUT_CONFLICT) even if another replica raced us.
      const created = await this.#o.repository.create({
        id: s.id, env, strategy: s.strategy, candidateVersion: s.candidate, baselineVersion: s.baseline,
        phase: s.phase, active: true, state: encodeRollout(s, decision.effects), createdAt: now, updatedAt: now,
      });
      return this.#view(await this.#applyPending(created), true);
    });
  }

  status(id: string): Promise<RolloutView> {
    return this.#view(this.#mustGet(id), true);
  }

  async list(options: { readonly limit?: number } = {}): Promise<readonly RolloutView[]> {
    const records = await this.#o.repository.list({ env: this.#o.env, limit: options.limit });
    return Promise.all(records.map((r) => this.#view(r)));
  }

  promote(id: string, actor: string, reason: string, options: { readonly full?: boolean } = {}): Promise<RolloutView> {
    return this.#manual(id, { kind: 'promote', actor, reason, full: options.full });
  }

  abort(id: string, actor: string, reason: string): Promise<RolloutView> {
    return this.#manual(id, { kind: 'abort', actor, reason });
  }

  pause(id: string, actor: string, reason: string): Promise<RolloutView> {
    return this.#manual(id, { kind: 'pause', actor, reason });
  }

  resume(id: string, actor: string, reason: string): Promise<RolloutView> {
    return this.#manual(id, { kind: 'resume', actor, reason });
  }

  rollback(request: RollbackRequest): Promise<RollbackResult> {
    return this.#exclusive(async () => {
      const from = await this.#o.versions.productionVersion();
      const active = await this.#o.repository.findActive(this.#o.env);
      let rolledBack: RolloutView | null = null;
      if (active) {
        const record = await this.#decideAndApply(active, { kind: 'rollback', actor: request.actor, reason: request.reason });
        rolledBack = await this.#view(record, true);
        // Rolling back a rollout already puts traffic on its baseline; move further only when asked.
        if (request.to === undefined || request.to === rolledBack.baseline) return { from, to: rolledBack.baseline, rollout: rolledBack };
      }
      const to = request.to ?? (await this.#o.versions.previousProductionVersion());
      if (to === null) throw new RiskgateError('CONFLICT', { reason: `There is no earlier production version to roll back to in ${this.#o.env}; pass --to VERSION.` });
      if (!(await this.#o.versions.hasVersion(to))) throw new RiskgateError('MODEL_NOT_FOUND', { version: to });
      if (to === from) {
        if (rolledBack) return { from, to, rollout: rolledBack };
        throw new RiskgateError('CONFLICT', { reason: `${to} is already in production in ${this.#o.env}.` });
      }
      await this.#rollbackProduction(from, to, request);
      return { from, to, rollout: rolledBack };
    });
  }

  // ------------------------------------------------------------------ internals

  /** Recovery proper (see recover()); returns the active rollout's record, if any. */
  async #recover(): Promise<RolloutRecord | null> {
    this.#recovered = true;
    const leader = await this.#isLeader();
    if (leader) await this.#flushTerminal();
    let record = await this.#o.repository.findActive(this.#o.env);
    if (!record) return null;
    if (leader && decodeRollout(record.state).pending.length > 0) record = await this.#applyPending(record);
    const { rollout } = decodeRollout(record.state);
    if (!isActivePhase(rollout.phase)) return record;
    // Local, idempotent reconciliation: nothing to persist, every replica does the same.
    const reconcile: RolloutEffect[] = [
      { type: 'loadModel', version: rollout.baseline },
      { type: 'loadModel', version: rollout.candidate },
      { type: 'setTrafficPlan', plan: derivePlan(rollout) },
    ];
    const context: EffectContext = { env: rollout.env, rolloutId: rollout.id, at: this.#o.clock() };
    for (const effect of reconcile) {
      try {
        await this.#apply(effect, context);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.#log.error({ err: e, effect: effect.type, rolloutId: rollout.id }, 'could not restore the rollout on this server');
        // The leader cannot judge a candidate it cannot serve: roll back (stable serves meanwhile,
        // since the predictor falls back to stable for a version missing from the pool).
        if (leader) return this.#decideAndApply(record, { kind: 'effectFailed', effect: effect.type, version: 'version' in effect ? effect.version : undefined, message });
        return record;
      }
    }
    this.#followed = { id: rollout.id, plan: JSON.stringify(derivePlan(rollout)) };
    return record;
  }

  /**
   * A follower replica's pass: applies the plan the stored state implies when it changed —
   * the active rollout's, or the final one of the rollout it followed until it ended.
   */
  async #follow(): Promise<RolloutRecord | null> {
    const record = (await this.#o.repository.findActive(this.#o.env)) ?? (this.#followed ? await this.#o.repository.get(this.#followed.id) : null);
    if (!record) return null;
    const { rollout } = decodeRollout(record.state);
    const plan = derivePlan(rollout);
    const key = JSON.stringify(plan);
    if (this.#followed?.id === record.id && this.#followed.plan === key) return record;
    const context: EffectContext = { env: rollout.env, rolloutId: rollout.id, at: this.#o.clock() };
    try {
      for (const version of new Set([plan.stable, plan.canary, plan.shadow?.version, plan.preview])) {
        if (version) await this.#o.effects.loadModel(version, context);
      }
      await this.#o.effects.setTrafficPlan(plan, context);
      this.#followed = { id: record.id, plan: key };
    } catch (e) {
      this.#log.warn({ err: e, rolloutId: rollout.id }, 'could not follow the rollout plan on this replica; will retry');
    }
    return record;
  }

  async #isLeader(): Promise<boolean> {
    return !this.#o.locks || (await this.#holdLock());
  }

  /** Moves production to `to` outside any rollout: load, alias, plan, then unload the old one. */
  async #rollbackProduction(from: string | null, to: string, request: RollbackRequest): Promise<void> {
    const context: EffectContext = { env: this.#o.env, rolloutId: null, at: this.#o.clock() };
    const e = this.#o.effects;
    const why = `Rollback by ${request.actor}: ${request.reason}`;
    await e.loadModel(to, context);
    await e.moveAlias('production', to, { actor: request.actor, reason: why }, context);
    await e.setTrafficPlan(stablePlan(to), context);
    if (from !== null) await this.#bestEffort(() => e.unloadModel(from, context), 'unloadModel');
    const message = `Production in ${this.#o.env} rolled back from ${from ?? 'nothing'} to ${to} by ${request.actor}. Reason: ${request.reason}`;
    await this.#bestEffort(() => e.recordEvent({ type: 'rolled_back', actor: request.actor, message, data: { from, to } }, context), 'recordEvent');
    await this.#bestEffort(() => e.notify('critical', message, context), 'notify');
  }

  async #manual(id: string, input: Extract<RolloutInput, { actor: string }>): Promise<RolloutView> {
    return this.#exclusive(async () => {
      const record = await this.#decideAndApply(await this.#mustGet(id), input);
      return this.#view(record, true);
    });
  }

  /** Decides on one input and saves + applies the result; a stale revision is re-read and decided again once. */
  async #decideAndApply(record: RolloutRecord, input: RolloutInput): Promise<RolloutRecord> {
    for (let attempt = 0; ; attempt++) {
      const { rollout, pending } = decodeRollout(record.state);
      const decision: Decision = decide(rollout, input, this.#o.clock(), this.#limits);
      if (decision.rejection) {
        throw new RiskgateError('ROLLOUT_INVALID_ACTION', { action: decision.rejection.action, id: rollout.id, phase: decision.rejection.phase });
      }
      if (!decision.changed) return record;
      try {
        return await this.#saveAndApply(record, decision.state, [...pending, ...decision.effects]);
      } catch (e) {
        if (attempt > 0 || !isRiskgateError(e, 'CONFLICT')) throw e;
        record = await this.#mustGet(record.id); // someone else saved first: decide on their state
      }
    }
  }

  /** Saves state and pending effects in one write, then applies the effects. */
  async #saveAndApply(record: RolloutRecord, rollout: RolloutState, pending: readonly RolloutEffect[]): Promise<RolloutRecord> {
    const saved = await this.#o.repository.save(record.id, record.revision, {
      phase: rollout.phase, active: isActivePhase(rollout.phase), state: encodeRollout(rollout, pending), at: this.#o.clock(),
    });
    return this.#applyPending(saved);
  }

  /**
   * Applies the saved effects in order. A critical effect that fails on an active rollout is
   * fed back to the machine (which rolls back); on a finished rollout it stays pending and is
   * retried next tick. Other failures (event audit, webhook, unload) are logged and dropped.
   * Results of smoke tests are decided on at once. Ends with one save clearing the outbox.
   * If a save finds the record moved on (another replica — the leader's tick — applied the
   * same outbox and saved first), the newer record stands and is returned: effects are
   * at-least-once, and whoever holds it now carries on from its state.
   */
  async #applyPending(record: RolloutRecord): Promise<RolloutRecord> {
    let { rollout } = decodeRollout(record.state);
    const queue = [...decodeRollout(record.state).pending];
    if (queue.length === 0) return record;
    const context = (): EffectContext => ({ env: rollout.env, rolloutId: rollout.id, at: this.#o.clock() });
    while (queue.length > 0) {
      const effect = queue[0];
      let followUp: RolloutInput | null = null;
      try {
        const smoke = await this.#apply(effect, context());
        if (smoke) followUp = { kind: 'smokeTestResult', passed: smoke.passed, summary: smoke.summary };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (!CRITICAL_EFFECTS.has(effect.type)) {
          this.#log.warn({ err: e, effect: effect.type, rolloutId: rollout.id }, 'rollout effect failed; continuing');
        } else if (isActivePhase(rollout.phase)) {
          followUp = { kind: 'effectFailed', effect: effect.type, version: 'version' in effect ? effect.version : undefined, message };
        } else {
          this.#log.error({ err: e, effect: effect.type, rolloutId: rollout.id }, 'rollout effect failed; will retry');
          return this.#o.repository.save(record.id, record.revision, { phase: record.phase, active: record.active, state: encodeRollout(rollout, queue), at: this.#o.clock() });
        }
      }
      queue.shift();
      if (followUp) {
        const decision = decide(rollout, followUp, this.#o.clock(), this.#limits);
        if (decision.changed) {
          rollout = decision.state;
          // After a rollback the earlier plan's remaining effects are moot; the new ones win.
          const next = followUp.kind === 'effectFailed' ? [...decision.effects] : [...queue, ...decision.effects];
          queue.splice(0, queue.length, ...next);
          const saved = await this.#saveUnlessMovedOn(record, rollout, queue);
          if (saved.moved) return saved.record;
          record = saved.record;
        }
      }
    }
    return (await this.#saveUnlessMovedOn(record, rollout, [])).record;
  }

  /** Saves state and outbox at the record's revision; if another writer saved first, returns theirs instead. */
  async #saveUnlessMovedOn(record: RolloutRecord, rollout: RolloutState, pending: readonly RolloutEffect[]): Promise<{ record: RolloutRecord; moved: boolean }> {
    try {
      const saved = await this.#o.repository.save(record.id, record.revision, { phase: rollout.phase, active: isActivePhase(rollout.phase), state: encodeRollout(rollout, pending), at: this.#o.clock() });
      return { record: saved, moved: false };
    } catch (e) {
      if (!isRiskgateError(e, 'CONFLICT')) throw e;
      return { record: await this.#mustGet(record.id), moved: true };
    }
  }

  /** Carries out one effect; returns the smoke test result for runSmokeTest. */
  async #apply(effect: RolloutEffect, context: EffectContext): Promise<{ passed: boolean; summary: string } | null> {
    const e = this.#o.effects;
    switch (effect.type) {
      case 'loadModel': await e.loadModel(effect.version, context); return null;
      case 'unloadModel': await e.unloadModel(effect.version, context); return null;
      case 'setTrafficPlan': await e.setTrafficPlan(effect.plan, context); return null;
      case 'moveAlias': await e.moveAlias(effect.alias, effect.version, { actor: effect.actor, reason: effect.reason }, context); return null;
      case 'notify': await e.notify(effect.severity, effect.text, context); return null;
      case 'runSmokeTest': return e.runSmokeTest(effect.version, context);
      case 'recordEvent':
        await this.#o.repository.appendEvent({ rolloutId: context.rolloutId as string, at: context.at, type: effect.event.type, actor: effect.event.actor, message: effect.event.message, data: effect.event.data as JsonObject });
        await e.recordEvent(effect.event, context);
        return null;
    }
  }

  /** Observes the arms a request names; a failure becomes an analysisError input. */
  async #observe(request: AnalysisRequest): Promise<RolloutInput> {
    try {
      if (request.kind === 'canary') {
        const [candidate, baseline] = await Promise.all([this.#o.metrics.observeArm(request.candidate), this.#o.metrics.observeArm(request.baseline)]);
        return { kind: 'observe', analysis: { kind: 'canary', candidate, baseline } };
      }
      const observation = await this.#o.metrics.observeShadow({ primary: request.baseline, shadow: request.candidate });
      return { kind: 'observe', analysis: { kind: 'shadow', observation } };
    } catch (e) {
      this.#log.warn({ err: e }, 'could not observe rollout arms');
      return { kind: 'analysisError', message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Re-applies unconfirmed effects of recently finished rollouts (e.g. the rollback a crash interrupted). */
  async #flushTerminal(): Promise<void> {
    const recent = await this.#o.repository.list({ env: this.#o.env, limit: RECENT_TERMINAL_SCAN });
    for (const record of recent) {
      if (!record.active && decodeRollout(record.state).pending.length > 0) await this.#applyPending(record);
    }
  }

  async #holdLock(): Promise<boolean> {
    if (!this.#lock) this.#lock = (await this.#o.locks?.tryAcquire(`rollout-controller:${this.#o.env}`)) ?? null;
    return this.#lock !== null;
  }

  async #mustGet(id: string): Promise<RolloutRecord> {
    const record = await this.#o.repository.get(id);
    if (!record || record.env !== this.#o.env) throw new RiskgateError('ROLLOUT_NOT_FOUND', { id });
    return record;
  }

  async #view(recordOrPromise: RolloutRecord | Promise<RolloutRecord>, withEvents = false): Promise<RolloutView> {
    const record = await recordOrPromise;
    const { rollout, pending } = decodeRollout(record.state);
    const events = withEvents ? await this.#o.repository.listEvents(record.id) : [];
    return viewRollout(rollout, { revision: record.revision, pending: pending.length, events });
  }

  async #bestEffort(action: () => Promise<void>, what: string): Promise<void> {
    try {
      await action();
    } catch (e) {
      this.#log.warn({ err: e, effect: what }, 'rollback side effect failed; continuing');
    }
  }

  /** Runs operations of this controller one at a time (ticks and manual actions never interleave). */
  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation);
    this.#queue = run.catch(() => {});
    return run;
  }
}
