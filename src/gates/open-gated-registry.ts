import type { Config } from '../config/index.js';
import { ModelRegistry, type PromotionCheck } from '../registry/index.js';
import type { Store } from '../store/index.js';
import type { GateThresholds } from './gate-result.js';
import { runGates, type RunGatesOptions } from './run-gates.js';

/**
 * The promotion check strict environments use: runs every gate on the version with the
 * environment's thresholds, records the verdict on the version, and passes when no gate fails.
 */
export function createGatePromotionCheck(thresholds: GateThresholds, options: Pick<RunGatesOptions, 'latency'> = {}): PromotionCheck {
  return async (registry, version) => {
    const report = await runGates(registry, version, { env: registry.env, thresholds, latency: options.latency });
    const verdict = { passed: report.passed, summary: report.summary };
    await registry.recordGateVerdict(report.version, registry.env, verdict);
    return verdict;
  };
}

/**
 * The registry every entry point (CLI, HTTP, serve) should use: artifacts under
 * config.models.path, the environment's strictness, and the gates as its promotion check.
 */
export function openGatedRegistry(config: Pick<Config, 'env' | 'models' | 'security' | 'gates'>, store: Store, options: { readonly now?: () => Date } = {}): ModelRegistry {
  return new ModelRegistry({
    store,
    modelPath: config.models.path,
    env: config.env,
    strict: config.security.strict_mode,
    promotionCheck: createGatePromotionCheck(config.gates),
    now: options.now,
  });
}
