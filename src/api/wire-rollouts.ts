import type { Config } from '../config/index.js';
import { measureMemoryFraction, readMemoryLimit, WebhookNotifier, type Notifier, type RiskgateMetrics } from '../monitor/index.js';
import type { ModelRegistry, SmokeSet } from '../registry/index.js';
import {
  registryVersionCatalog, RolloutController, ServingEffectApplier, StoreMetricSource, type ControllerLog, type EffectContext, type RolloutService,
  type ServingEffectApplierOptions,
} from '../rollout/index.js';
import { stablePlan, type CircuitBreakers, type ModelPool, type Router, type TrafficPlan } from '../serving/index.js';
import type { Store } from '../store/index.js';
import type { HealthCheck } from './app-deps.js';
import { judgeLimitsFromConfig } from './judge-limits-from-config.js';

/** What the rollout controller of one server is built from. */
export interface WireRolloutsOptions {
  readonly config: Config;
  readonly store: Store;
  readonly registry: ModelRegistry;
  readonly pool: ModelPool;
  readonly router: Router;
  readonly breakers: CircuitBreakers;
  readonly metrics: RiskgateMetrics;
  /** The server's webhook notifier when it has one; else one is made from alerts.webhook_url. */
  readonly notifier?: Notifier;
  readonly log?: ControllerLog;
  /** Clock of the controller (default Date.now). */
  readonly clock?: () => number;
}

/** The wired controller and its lifecycle. */
export interface RolloutWiring {
  /** What routes and the CLI (through HTTP) call. */
  readonly service: RolloutService;
  readonly controller: RolloutController;
  /** /health/detailed: whether this replica leads the controller and the last tick's outcome. */
  readonly healthCheck: HealthCheck;
  /** Puts serving where the stored rollouts say, then ticks every rollout.tick_seconds. */
  start(): Promise<void>;
  /** Stops ticking, waits for the running tick, releases the controller lock. Idempotent. */
  stop(): Promise<void>;
}

/** Rounds of the smoke set a freshly loaded version scores before it takes traffic. */
const WARM_UP_ROUNDS = 50;

/**
 * The serving applier, plus a warm-up: a version just loaded scores (and explains) its smoke
 * set a few dozen times before the router may send it traffic, so the candidate's first
 * requests do not pay for JIT compilation and the latency check compares warm with warm.
 */
class WarmingEffectApplier extends ServingEffectApplier {
  readonly #pool: ModelPool;
  readonly #smokeSetOf: (version: string) => Promise<SmokeSet | null>;
  readonly #warm = new Set<string>();

  constructor(pool: ModelPool, smokeSetOf: (version: string) => Promise<SmokeSet | null>, options: ServingEffectApplierOptions) {
    super(options);
    this.#pool = pool;
    this.#smokeSetOf = smokeSetOf;
  }

  override async loadModel(version: string, _context?: EffectContext): Promise<void> {
    await super.loadModel(version);
    const entry = this.#pool.get(version);
    if (!entry || this.#warm.has(`${version}:${entry.checksum}`)) return;
    const smoke = await this.#smokeSetOf(version).catch(() => null);
    const names = entry.model.signature.features.map((f) => f.name);
    const rows = (smoke?.cases ?? []).map((c) => Float64Array.from(names, (n) => c.features[n] ?? Number.NaN));
    for (let round = 0; round < WARM_UP_ROUNDS; round++) {
      for (const row of rows) {
        entry.model.predict(row, 1);
        entry.model.explain(row, 1);
      }
    }
    this.#warm.add(`${version}:${entry.checksum}`);
  }
}

/** Audit actor of effects the controller carries out on its own. */
const CONTROLLER_ACTOR = 'rollout-controller';

/** The versions a plan sends traffic to (stable, canary, shadow, preview), each once. */
function routedVersions(plan: TrafficPlan): string[] {
  return [...new Set([plan.stable, plan.canary, plan.shadow?.version, plan.preview].filter((v): v is string => typeof v === 'string'))];
}

/**
 * Builds the server's RolloutController: effects applied to this server's pool, router and
 * registry (audited, counted, sent to ALERT_WEBHOOK), observations read from the recorded
 * predictions and feedback in the store plus this process's breakers and memory, judge limits
 * from config. Only the holder of the store lock `rollout-controller:<env>` (a PostgreSQL
 * advisory lock across replicas) decides; the other replicas follow the stored state: each
 * tick they put in force the plan the active rollout implies, or production alone.
 */
export function wireRollouts(o: WireRolloutsOptions): RolloutWiring {
  const { config, store, registry, pool, router } = o;
  const notifier = o.notifier ?? (config.alerts.webhook_url ? new WebhookNotifier({ url: config.alerts.webhook_url }) : undefined);
  const memoryLimit = readMemoryLimit();
  const clock = o.clock ?? Date.now;
  const effects = new WarmingEffectApplier(pool, (version) => registry.get(version).then((v) => v.smokeSet), {
    pool, router,
    promote: (version, alias, move) => registry.promote(version, alias, move),
    smokeSetOf: async (version) => (await registry.get(version)).smokeSet,
    audit: store.audit,
    metrics: o.metrics,
    notifier,
  });
  const controller = new RolloutController({
    env: config.env,
    repository: store.rollouts,
    metrics: new StoreMetricSource({
      store,
      breakerOpenedSince: (version, since) => o.breakers.openedSince(version, since),
      memoryFraction: () => measureMemoryFraction(memoryLimit),
    }),
    effects,
    versions: registryVersionCatalog(registry),
    clock,
    limits: judgeLimitsFromConfig(config.rollout),
    locks: store.locks,
    log: o.log,
  });

  let last: { at: number; leader: boolean; error: string | null } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  /**
   * Puts in force on this replica what the stored state says (the active rollout's plan, or
   * production alone): changes decided by the leader, or made through another replica's API,
   * reach every replica within a tick. Compare-and-set: if this replica's own controller
   * changed the plan while we read the store (an abort, say), its newer plan stands.
   */
  const follow = async (): Promise<void> => {
    const seen = router.plan();
    const [newest] = await controller.list({ limit: 1 });
    let plan: TrafficPlan | null = newest?.active ? newest.plan : null;
    if (!plan) {
      const production = await store.aliases.get('production');
      plan = production ? stablePlan(production) : null;
    }
    if (!plan || JSON.stringify(plan) === JSON.stringify(seen)) return;
    // Load what the plan routes to before the router may send traffic to it.
    const context = { env: config.env, rolloutId: plan.rolloutId ?? null, at: clock() };
    const routed = routedVersions(plan);
    for (const version of routed) await effects.loadModel(version, context);
    if (router.plan() !== seen) return;
    router.setPlan(plan);
    // What the leader unloads (a rolled-back candidate, the baseline a promotion replaced), a
    // follower unloads too: the versions the old plan routed to and the new one does not.
    for (const version of seen ? routedVersions(seen) : []) if (!routed.includes(version)) await effects.unloadModel(version, context);
  };

  const tickOnce = async (): Promise<void> => {
    try {
      const report = await controller.tick();
      await follow();
      last = { at: clock(), leader: report.leader, error: null };
    } catch (e) {
      last = { at: clock(), leader: last?.leader ?? false, error: e instanceof Error ? e.message : String(e) };
      o.log?.error({ err: e }, 'rollout controller tick failed');
    }
  };

  const intervalMs = config.rollout.tick_seconds * 1000;
  const loop = (): void => {
    running = tickOnce().finally(() => {
      running = null;
      if (timer) timer = setTimeout(loop, intervalMs);
    });
  };

  return {
    service: controller,
    controller,
    healthCheck: {
      name: 'rollout-controller',
      essential: false,
      check: async () => ({
        ok: last === null || last.error === null,
        details: { leader: last?.leader ?? null, last_tick_at: last ? new Date(last.at).toISOString() : null, error: last?.error ?? null, actor: CONTROLLER_ACTOR },
      }),
    },
    start: async () => {
      // Persisted state first: the active rollout's step and weights, never a finished candidate.
      await controller.recover();
      if (timer === null) timer = setTimeout(loop, intervalMs);
    },
    stop: async () => {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      await controller.stop();
    },
  };
}
