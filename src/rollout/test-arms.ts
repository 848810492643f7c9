// Deterministic arm observations for tests of the judge, the machine and the controller.
import type { ArmObservation, ShadowObservation } from './arm-observation.js';
import { mulberry32, type LabelledScore } from '../stats/index.js';

/** Deterministic pseudo-random numbers (src/stats' mulberry32). */
export const seededRandom = mulberry32;

/** Shape of a synthetic arm; every field defaults to a healthy value. */
export interface ArmShape {
  readonly n?: number;
  readonly errors?: number;
  readonly latencyMs?: number;
  readonly riskShift?: number;
  readonly outcomes?: number;
  readonly invert?: boolean;
  readonly breaker?: boolean;
  readonly memory?: number;
  readonly seed?: number;
}

/** A synthetic arm: uniform risks on [0, 0.8], latencies 1–1.5 × latencyMs, a good model's outcomes. */
export function syntheticArm(shape: ArmShape = {}): ArmObservation {
  const rand = seededRandom(shape.seed ?? 1);
  const n = shape.n ?? 1000;
  const latenciesMs = Array.from({ length: n }, () => (shape.latencyMs ?? 10) * (1 + 0.5 * rand()));
  const probabilities = Array.from({ length: n }, () => Math.min(1, rand() * 0.8 + (shape.riskShift ?? 0)));
  const outcomes: LabelledScore[] = Array.from({ length: shape.outcomes ?? 0 }, () => {
    const outcome = rand() < 0.45 ? 1 : 0;
    const probability = outcome === 1 ? 0.4 + rand() * 0.6 : rand() * 0.6;
    return { probability: shape.invert ? 1 - probability : probability, outcome: outcome as 0 | 1 };
  });
  return { requests: n, errors: shape.errors ?? 0, latenciesMs, probabilities, outcomes, breakerOpened: shape.breaker ?? false, memoryFraction: shape.memory ?? 0.4 };
}

/** A synthetic shadow comparison: the shadow's risk is the primary's plus `shift` (and small noise). */
export function syntheticShadow(n = 500, shift = 0, seed = 9): ShadowObservation {
  const rand = seededRandom(seed);
  const pairs = Array.from({ length: n }, () => {
    const primary = rand();
    return { primary, shadow: Math.min(1, Math.max(0, primary + shift + (rand() - 0.5) * 0.04)) };
  });
  return { primary: syntheticArm({ n, seed: seed + 1 }), shadow: syntheticArm({ n, seed: seed + 2 }), pairs };
}
