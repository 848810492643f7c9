import { RiskgateError } from '../errors.js';
import { GBDT_DEFAULTS, type GbdtParams } from './train-gbdt.js';
import { LOGISTIC_DEFAULTS, type LogisticParams } from './train-logistic.js';
import { RANDOM_FOREST_DEFAULTS, type RandomForestParams } from './train-random-forest.js';

/** Algorithms riskgate can train itself (the model's `xgboost` is import-only). */
export const TRAINABLE_ALGORITHMS = ['gbdt', 'random-forest', 'logistic'] as const;
export type TrainableAlgorithm = (typeof TRAINABLE_ALGORITHMS)[number];

/** Hyperparameters of each trainable algorithm. */
export interface HyperparametersOf {
  gbdt: GbdtParams;
  'random-forest': RandomForestParams;
  logistic: LogisticParams;
}
export type Hyperparameters = HyperparametersOf[TrainableAlgorithm];

const DEFAULTS: { readonly [A in TrainableAlgorithm]: HyperparametersOf[A] } = {
  gbdt: GBDT_DEFAULTS,
  'random-forest': RANDOM_FOREST_DEFAULTS,
  logistic: LOGISTIC_DEFAULTS,
};

/** True when `name` is a trainable algorithm. */
export function isTrainableAlgorithm(name: string): name is TrainableAlgorithm {
  return (TRAINABLE_ALGORITHMS as readonly string[]).includes(name);
}

/**
 * The algorithm's defaults overridden by `overrides`. Throws BAD_REQUEST naming the key for
 * an unknown algorithm, an unknown key, or a value of the wrong type (so a typo in a CLI
 * flag or a job body never trains silently with the default).
 */
export function resolveHyperparameters<A extends TrainableAlgorithm>(algorithm: A, overrides: Readonly<Record<string, unknown>> = {}): HyperparametersOf[A] {
  if (!isTrainableAlgorithm(algorithm)) {
    throw new RiskgateError('BAD_REQUEST', { reason: `unknown algorithm "${String(algorithm)}"; use one of ${TRAINABLE_ALGORITHMS.join(', ')}` });
  }
  const defaults = DEFAULTS[algorithm] as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in defaults)) {
      throw new RiskgateError('BAD_REQUEST', { reason: `unknown ${algorithm} hyperparameter "${key}"; known: ${Object.keys(defaults).join(', ')}` });
    }
    const expected = typeof defaults[key];
    const ok = expected === 'number' ? typeof value === 'number' && !Number.isNaN(value) && value >= 0 : typeof value === expected;
    if (!ok) throw new RiskgateError('BAD_REQUEST', { reason: `${algorithm} hyperparameter "${key}" must be a non-negative ${expected}, got ${JSON.stringify(value)}` });
    out[key] = value;
  }
  return Object.freeze(out) as unknown as HyperparametersOf[A];
}
