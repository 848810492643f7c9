import type { RiskgateMetrics, Notifier } from '../monitor/index.js';
import { checkSmokeSet, type SmokeSet } from '../registry/index.js';
import type { ModelPool, Router, TrafficPlan } from '../serving/index.js';
import type { AuditRepository, JsonObject } from '../store/index.js';
import type { EffectApplier, EffectContext, SmokeTestResult } from './effect-applier.js';
import type { NotifySeverity, RolloutEventDraft } from './rollout-effect.js';

/** What the in-process applier acts on; optional parts are skipped when absent. */
export interface ServingEffectApplierOptions {
  readonly pool: Pick<ModelPool, 'ensureLoaded' | 'remove' | 'get'>;
  readonly router: Pick<Router, 'setPlan' | 'plan'>;
  /** Moves aliases with the registry's rules (src/registry's ModelRegistry.promote; idempotent). */
  readonly promote: (version: string, alias: 'production', move: { readonly actor: string; readonly reason: string }) => Promise<unknown>;
  /** The smoke set stored with a version at registration (null when it has none). */
  readonly smokeSetOf: (version: string) => Promise<SmokeSet | null>;
  readonly audit?: Pick<AuditRepository, 'append'>;
  readonly metrics?: Pick<RiskgateMetrics, 'rolloutEvents' | 'rolloutWeight' | 'setRolloutPhase'>;
  /** The webhook notifier (src/monitor's WebhookNotifier retries with backoff). */
  readonly notifier?: Notifier;
}

/**
 * Carries out rollout effects inside one server: the model pool, the router, the registry,
 * the audit log, Prometheus metrics and the webhook. Every method is idempotent. With
 * several replicas, plans reach the others through the shared store on their own recover/tick
 * (TODO(rollout owner): push plan changes through Redis for faster propagation).
 */
export class ServingEffectApplier implements EffectApplier {
  readonly #o: ServingEffectApplierOptions;

  constructor(options: ServingEffectApplierOptions) {
    this.#o = options;
  }

  async loadModel(version: string, _context?: EffectContext): Promise<void> {
    await this.#o.pool.ensureLoaded(version);
  }

  /** Unloads unless the plan in force still routes to the version (never pull a serving model). */
  async unloadModel(version: string, _context?: EffectContext): Promise<void> {
    const plan = this.#o.router.plan();
    if (plan && versionsOf(plan).has(version)) return;
    this.#o.pool.remove(version);
  }

  async setTrafficPlan(plan: TrafficPlan, context: EffectContext): Promise<void> {
    // Every routed version must be in the pool before the router may send traffic to it.
    for (const version of versionsOf(plan)) await this.#o.pool.ensureLoaded(version);
    this.#o.router.setPlan(plan);
    const gauge = this.#o.metrics?.rolloutWeight;
    if (gauge && context.rolloutId) {
      gauge.labels(context.rolloutId, plan.stable, 'stable').set(1 - plan.canaryWeight / 100);
      if (plan.canary) gauge.labels(context.rolloutId, plan.canary, 'canary').set(plan.canaryWeight / 100);
      if (plan.shadow) gauge.labels(context.rolloutId, plan.shadow.version, 'shadow').set(plan.shadow.mirrorPercent / 100);
    }
  }

  async moveAlias(alias: 'production', version: string, move: { readonly actor: string; readonly reason: string }, _context?: EffectContext): Promise<void> {
    await this.#o.promote(version, alias, move);
  }

  async recordEvent(event: RolloutEventDraft, context: EffectContext): Promise<void> {
    this.#o.metrics?.rolloutEvents.labels(event.type).inc();
    const phase = event.data.phase;
    if (this.#o.metrics && context.rolloutId && typeof phase === 'string') this.#o.metrics.setRolloutPhase(context.rolloutId, phase);
    await this.#o.audit?.append({
      at: context.at, actor: event.actor, action: `rollouts.${event.type}`, target: context.rolloutId, ip: null, result: 'ok',
      details: JSON.parse(JSON.stringify({ env: context.env, message: event.message, ...event.data })) as JsonObject,
    });
  }

  async notify(severity: NotifySeverity, text: string, context: EffectContext): Promise<void> {
    const at = new Date(context.at).toISOString();
    this.#o.notifier?.notify({
      text, status: 'firing', incidentId: context.rolloutId ?? 'rollback', rule: 'rollout', key: context.rolloutId ?? '',
      severity, summary: text, value: 0, threshold: 0, startedAt: at, resolvedAt: null, environment: context.env,
    });
  }

  /** Runs the stored smoke set on the version as loaded in the pool (what the preview serves). */
  async runSmokeTest(version: string, _context?: EffectContext): Promise<SmokeTestResult> {
    const entry = await this.#o.pool.ensureLoaded(version);
    const smoke = await this.#o.smokeSetOf(version);
    if (!smoke || smoke.cases.length === 0) return { passed: false, summary: `${version} has no smoke set to test against.` };
    const mismatches = checkSmokeSet(entry.model, smoke);
    if (mismatches.length === 0) return { passed: true, summary: `${smoke.cases.length} of ${smoke.cases.length} smoke cases reproduced exactly.` };
    const first = mismatches[0];
    return {
      passed: false,
      summary: `${mismatches.length} of ${smoke.cases.length} smoke cases differ (first: case ${first.index}, expected ${first.expected.probability}, got ${first.actual.probability}).`,
    };
  }
}

/** Every version a plan routes to or scores with. */
function versionsOf(plan: TrafficPlan): Set<string> {
  const versions = new Set([plan.stable]);
  if (plan.canary) versions.add(plan.canary);
  if (plan.shadow) versions.add(plan.shadow.version);
  if (plan.preview) versions.add(plan.preview);
  return versions;
}
