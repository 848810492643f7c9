import { describe, expect, it } from 'vitest';
import { analysisRequest, DEFAULT_BASELINE_LOOKBACK_MS } from './analysis-request.js';
import { decide } from './rollout-machine.js';
import { startRollout } from './start-rollout.js';
import { syntheticArm } from './test-arms.js';

const T0 = Date.UTC(2026, 10, 23, 12);
const healthy = { kind: 'canary', candidate: syntheticArm({ seed: 3 }), baseline: syntheticArm({ seed: 2 }) } as const;

/** A canary with a 1 s bake, stepped through its passing analyses up to `weight`. */
function canaryAt(weight: number) {
  let now = T0;
  let state = startRollout({ id: 'ro_full', env: 'e', candidate: 'v2', baseline: 'v1', actor: 'a', options: { strategy: 'canary', weights: [50, 100], bakeMs: 1000, minSamples: 10 } }, now).state;
  while (state.canaryWeight < weight) {
    now += 1500;
    state = decide(state, { kind: 'observe', analysis: healthy }, now).state;
  }
  return state;
}

describe('the baseline window of a canary', () => {
  it('below 100 %: the same window as the candidate (the stable version serves alongside)', () => {
    const s = canaryAt(50);
    expect(analysisRequest(s)?.baseline).toMatchObject({ arm: 'stable', since: s.windowStartedAt, until: null });
  });

  it('at 100 %: the time just before the step, at least the default lookback even when the bake is 1 s', () => {
    const s = canaryAt(100);
    expect(s.canaryWeight).toBe(100);
    expect(analysisRequest(s)?.baseline).toMatchObject({ arm: 'stable', since: s.windowStartedAt - DEFAULT_BASELINE_LOOKBACK_MS, until: s.windowStartedAt });
  });
});
