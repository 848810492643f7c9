import type { RolloutState } from './rollout-state.js';
import { isActivePhase } from './rollout-state.js';

/** Which traffic of which version, over which window (until null = now). */
export interface ArmQuery {
  readonly env: string;
  readonly rolloutId: string;
  readonly version: string;
  /** 'stable' for the baseline, 'canary' for the candidate answering, 'shadow' for mirrored scoring. */
  readonly arm: 'stable' | 'canary' | 'shadow';
  readonly since: number;
  readonly until: number | null;
}

/** What the controller must observe before deciding: a canary pair or a shadow pair of arms. */
export interface AnalysisRequest {
  readonly kind: 'canary' | 'shadow';
  readonly candidate: ArmQuery;
  readonly baseline: ArmQuery;
}

/** Baseline window used after a blue-green switch when no bake step follows (10 min). */
export const DEFAULT_BASELINE_LOOKBACK_MS = 10 * 60_000;

/**
 * The analysis the current state needs, or null when nothing serves or scores on the
 * candidate (terminal phases, preview and smoke test). Windows start when traffic last
 * changed. After a blue-green switch, or at a canary weight of 100 %, the old version serves
 * nothing, so its baseline is the time just before (the bake, at least 10 min). Pure.
 */
export function analysisRequest(state: RolloutState): AnalysisRequest | null {
  if (!isActivePhase(state.phase)) return null;
  const base = { env: state.env, rolloutId: state.id };
  const since = state.windowStartedAt;
  if (state.canaryWeight > 0) {
    // At 100 % (a blue-green switch, or a canary's last step) the baseline serves nothing in
    // this window: compare with what it served just before, over at least the default lookback
    // so that a short bake still has a baseline sample.
    const noStableTraffic = state.switched || state.canaryWeight >= 100;
    const lookback = noStableTraffic ? Math.max(nextBakeDuration(state), DEFAULT_BASELINE_LOOKBACK_MS) : 0;
    return {
      kind: 'canary',
      candidate: { ...base, version: state.candidate, arm: 'canary', since, until: null },
      baseline: noStableTraffic
        ? { ...base, version: state.baseline, arm: 'stable', since: since - lookback, until: since }
        : { ...base, version: state.baseline, arm: 'stable', since, until: null },
    };
  }
  if (state.mirrorPercent > 0) {
    return {
      kind: 'shadow',
      candidate: { ...base, version: state.candidate, arm: 'shadow', since, until: null },
      baseline: { ...base, version: state.baseline, arm: 'stable', since, until: null },
    };
  }
  return null;
}

/** The duration of the first bake at or after the current step (the post-switch bake). */
function nextBakeDuration(state: RolloutState): number {
  for (let i = state.stepIndex; i < state.steps.length; i++) {
    const step = state.steps[i];
    if (step.type === 'bake' && step.durationMs > 0) return step.durationMs;
  }
  return DEFAULT_BASELINE_LOOKBACK_MS;
}
