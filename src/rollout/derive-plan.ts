import { stablePlan, type TrafficPlan } from '../serving/index.js';
import type { RolloutState } from './rollout-state.js';

/**
 * The traffic plan a rollout's state implies (Seldon's rule: the last healthy version serves
 * until the candidate is healthy). Completed with promotion → all to the candidate; aborted,
 * rolled back or report-only → all to the baseline, never again to the candidate; active →
 * baseline plus the candidate's canary share, mirror share and preview. Pure.
 */
export function derivePlan(state: RolloutState): TrafficPlan {
  switch (state.phase) {
    case 'completed':
      return stablePlan(state.completion === 'promote' ? state.candidate : state.baseline);
    case 'aborted':
    case 'rolled-back':
      return stablePlan(state.baseline);
    case 'progressing':
    case 'paused':
      return {
        rolloutId: state.id,
        stable: state.baseline,
        canary: state.canaryWeight > 0 ? state.candidate : null,
        canaryWeight: state.canaryWeight,
        shadow: state.mirrorPercent > 0 ? { version: state.candidate, mirrorPercent: state.mirrorPercent } : null,
        preview: state.previewActive ? state.candidate : null,
      };
  }
}
