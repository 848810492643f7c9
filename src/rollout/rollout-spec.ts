import { RiskgateError } from '../errors.js';

/** Rollout strategies, as a runtime list and a union. */
export const STRATEGIES = ['shadow', 'canary', 'blue-green'] as const;
export type RolloutStrategy = (typeof STRATEGIES)[number];

/**
 * One step of a rollout (Argo-style). Instant steps change the traffic plan and move on;
 * waiting steps hold the rollout until their condition is met.
 * - setWeight: the canary answers `weight` % of patients (sticky buckets).
 * - mirror: the candidate scores `percent` % of requests in shadow, never answering.
 * - preview: the candidate answers only preview requests (blue-green).
 * - switch: all traffic to the candidate at once; the old version stays loaded (blue-green).
 * - bake: waits at least `durationMs` and `minSamples` candidate samples with the analysis
 *   passing; any fail rolls back; still not passing at `maxDurationMs` pauses for a person.
 * - analysis: a bake without a minimum duration (advances as soon as the analysis passes).
 * - smokeTest: runs the smoke set against the candidate; a failure rolls back.
 * - pause: waits for a person to resume or promote.
 */
export type RolloutStep =
  | { readonly type: 'setWeight'; readonly weight: number }
  | { readonly type: 'mirror'; readonly percent: number }
  | { readonly type: 'preview' }
  | { readonly type: 'switch' }
  | { readonly type: 'bake'; readonly durationMs: number; readonly minSamples: number; readonly maxDurationMs: number }
  | { readonly type: 'analysis'; readonly minSamples: number; readonly maxDurationMs: number }
  | { readonly type: 'smokeTest' }
  | { readonly type: 'pause'; readonly reason?: string };

/** Step types, as a runtime list. */
export const STEP_TYPES = ['setWeight', 'mirror', 'preview', 'switch', 'bake', 'analysis', 'smokeTest', 'pause'] as const;
export type RolloutStepType = (typeof STEP_TYPES)[number];

/** What happens when the last step passes: promote the candidate to production, or only report (shadow). */
export type RolloutCompletion = 'promote' | 'report';

/** What a user asks for; `buildSteps` turns it into steps. */
export interface StrategyOptions {
  readonly strategy: RolloutStrategy;
  /** Canary weights in percent, increasing, each in (0, 100] (default 5, 25, 50, 100). */
  readonly weights?: readonly number[];
  /** Bake time of each step in ms (default 10 min). */
  readonly bakeMs?: number;
  /** Minimum candidate samples per step (default 100). */
  readonly minSamples?: number;
  /** Longest a step may stay inconclusive before pausing (default 3 × bake). */
  readonly maxBakeMs?: number;
  /** Shadow: share of requests mirrored (default 100). */
  readonly mirrorPercent?: number;
  /** Shadow: continue with a canary once the comparison passes (default false: report only). */
  readonly thenCanary?: boolean;
  /** Blue-green: after the smoke test, hold the preview (paused) until a person resumes or promotes, so they can test it too. */
  readonly holdPreview?: boolean;
}

/** Defaults of StrategyOptions (the runbook's canary 5, 25, 50, 100 with a 10-minute bake). */
export const DEFAULT_STRATEGY_OPTIONS = Object.freeze({
  weights: [5, 25, 50, 100] as readonly number[],
  bakeMs: 10 * 60_000,
  minSamples: 100,
  mirrorPercent: 100,
});

/**
 * The steps and completion of a strategy. Throws BAD_REQUEST (naming the problem) for weights
 * that do not increase within (0, 100], a non-positive bake or a mirror share outside (0, 100].
 */
export function buildSteps(options: StrategyOptions): { steps: RolloutStep[]; completion: RolloutCompletion } {
  const weights = options.weights ?? DEFAULT_STRATEGY_OPTIONS.weights;
  const durationMs = options.bakeMs ?? DEFAULT_STRATEGY_OPTIONS.bakeMs;
  const minSamples = options.minSamples ?? DEFAULT_STRATEGY_OPTIONS.minSamples;
  const maxDurationMs = options.maxBakeMs ?? 3 * durationMs;
  const mirrorPercent = options.mirrorPercent ?? DEFAULT_STRATEGY_OPTIONS.mirrorPercent;
  const bad = (reason: string) => new RiskgateError('BAD_REQUEST', { reason });
  if (!STRATEGIES.includes(options.strategy)) throw bad(`Unknown strategy "${String(options.strategy)}"; use one of ${STRATEGIES.join(', ')}.`);
  if (weights.length === 0 || weights.some((w, i) => !(w > 0 && w <= 100) || (i > 0 && w <= weights[i - 1]))) {
    throw bad(`Canary weights must increase within (0, 100]; got ${weights.join(', ')}.`);
  }
  if (!(durationMs >= 0) || !(maxDurationMs >= durationMs)) throw bad(`Bake ${durationMs} ms and maximum ${maxDurationMs} ms must satisfy 0 ≤ bake ≤ maximum.`);
  if (!(minSamples >= 0)) throw bad(`Minimum samples must be ≥ 0; got ${minSamples}.`);
  if (!(mirrorPercent > 0 && mirrorPercent <= 100)) throw bad(`Mirror share must be within (0, 100]; got ${mirrorPercent}.`);
  const bake: RolloutStep = { type: 'bake', durationMs, minSamples, maxDurationMs };
  const canary: RolloutStep[] = weights.flatMap((weight) => [{ type: 'setWeight', weight } as const, bake]);
  switch (options.strategy) {
    case 'canary':
      return { steps: canary, completion: 'promote' };
    case 'blue-green':
      return {
        steps: [
          { type: 'preview' }, { type: 'smokeTest' },
          ...(options.holdPreview ? [{ type: 'pause', reason: 'Preview ready: test it with X-Riskgate-Preview: true, then resume (or promote) to switch.' } as const] : []),
          { type: 'switch' }, bake,
        ],
        completion: 'promote',
      };
    case 'shadow': {
      const shadow: RolloutStep[] = [{ type: 'mirror', percent: mirrorPercent }, bake];
      // Mirroring stops (mirror 0) before the canary starts, so one candidate is not scored twice.
      return options.thenCanary
        ? { steps: [...shadow, { type: 'mirror', percent: 0 }, ...canary], completion: 'promote' }
        : { steps: shadow, completion: 'report' };
    }
  }
}
