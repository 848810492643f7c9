import { describe, expect, it } from 'vitest';
import { computeAuc } from '../stats/index.js';
import { bootstrapAucCi } from './bootstrap-auc.js';
import { computeCalibration, expectedCalibrationError } from './calibration.js';
import { chooseThreshold } from './choose-threshold.js';
import { computeConfusion } from './confusion.js';
import { evaluatePredictions, METRIC_NAMES } from './evaluate-predictions.js';
import { Random } from './random.js';

/** AUC by its definition: over all positive–negative pairs, 1 for a win and ½ for a tie. */
function pairwiseAuc(y: number[], s: number[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    for (let j = 0; j < y.length; j++) {
      if (y[i] !== 1 || y[j] !== 0) continue;
      pairs++;
      sum += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return sum / pairs;
}

/** n labels drawn from probabilities `p` (so `p` is perfectly calibrated). */
function drawOutcomes(p: number[], rng: Random): number[] {
  return p.map((q) => (rng.next() < q ? 1 : 0));
}

describe('computeAuc', () => {
  it('equals the pairwise definition, ties counting one half', () => {
    const rng = new Random(1);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + rng.nextInt(60);
      // Few distinct scores so that ties are common.
      const s = Array.from({ length: n }, () => rng.nextInt(6) / 5);
      const y = s.map((v) => (rng.next() < 0.2 + 0.6 * v ? 1 : 0));
      if (y.every((v) => v === y[0])) continue;
      expect(computeAuc(y, s)).toBeCloseTo(pairwiseAuc(y, s), 12);
    }
  });

  it('is 1 for perfect ranking, 0 reversed, ½ for constant scores, NaN for one class', () => {
    expect(computeAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(computeAuc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4])).toBe(0);
    expect(computeAuc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(computeAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });

  it('brackets the estimate with a seeded bootstrap interval', () => {
    const rng = new Random(2);
    const s = Array.from({ length: 200 }, () => rng.next());
    const y = drawOutcomes(s, rng);
    const ci = bootstrapAucCi(y, s, { resamples: 300, seed: 3 });
    expect(ci.estimate).toBe(computeAuc(y, s));
    expect(ci.lower).toBeLessThan(ci.estimate);
    expect(ci.upper).toBeGreaterThan(ci.estimate);
    expect(bootstrapAucCi(y, s, { resamples: 300, seed: 3 })).toEqual(ci);
  });
});

describe('computeConfusion and evaluatePredictions', () => {
  it('counts calls at the threshold (p ≥ t is positive) and derives the rates', () => {
    const y = [1, 1, 1, 0, 0, 0, 0];
    const p = [0.9, 0.5, 0.2, 0.5, 0.3, 0.1, 0.0];
    const c = computeConfusion(y, p, 0.5);
    expect([c.tp, c.fn, c.fp, c.tn]).toEqual([2, 1, 1, 3]);
    expect(c.sensitivity).toBeCloseTo(2 / 3, 12);
    expect(c.specificity).toBeCloseTo(3 / 4, 12);
    expect(c.ppv).toBeCloseTo(2 / 3, 12);
    expect(c.npv).toBeCloseTo(3 / 4, 12);
    expect(c.accuracy).toBeCloseTo(5 / 7, 12);
    expect(c.f1).toBeCloseTo(2 / 3, 12);
    expect(computeConfusion(y, p, 0.95).ppv).toBeNaN();
  });

  it('reports every metric, hand-checked where simple', () => {
    const m = evaluatePredictions([1, 0], [0.8, 0.4], 0.5);
    expect(Object.keys(m).sort()).toEqual([...METRIC_NAMES].sort());
    expect(m.brier).toBeCloseTo((0.04 + 0.16) / 2, 12);
    expect(m.auc).toBe(1);
    // Bins 8 and 4 each hold one row: |1 − 0.8| and |0 − 0.4|, weighted ½.
    expect(m.ece).toBeCloseTo(0.3, 12);
    expect(m.prevalence).toBe(0.5);
  });
});

describe('computeCalibration', () => {
  const rng = new Random(5);
  const p = Array.from({ length: 20000 }, () => 0.05 + 0.9 * rng.next());
  const y = drawOutcomes(p, rng);
  const logit = (q: number) => Math.log(q / (1 - q));
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

  it('finds slope 1 and intercept 0 for calibrated probabilities', () => {
    const c = computeCalibration(y, p);
    expect(c.slope).toBeCloseTo(1, 1);
    expect(Math.abs(c.intercept)).toBeLessThan(0.05);
    expect(c.ece).toBeLessThan(0.02);
  });

  it('finds slope ½ for probabilities twice too extreme, and the offset for shifted ones', () => {
    expect(computeCalibration(y, p.map((q) => sigmoid(2 * logit(q)))).slope).toBeCloseTo(0.5, 1);
    // Predicting logit − 1 underestimates risk by one log-odds unit.
    expect(computeCalibration(y, p.map((q) => sigmoid(logit(q) - 1))).intercept).toBeCloseTo(1, 1);
    expect(expectedCalibrationError(y, p.map((q) => sigmoid(logit(q) - 1)))).toBeGreaterThan(0.1);
  });

  it('gives NaN slope and intercept with one class', () => {
    const c = computeCalibration([1, 1, 1], [0.2, 0.5, 0.9]);
    expect(c.slope).toBeNaN();
    expect(c.intercept).toBeNaN();
  });
});

describe('chooseThreshold', () => {
  const rng = new Random(9);
  const p = Array.from({ length: 300 }, () => rng.next());
  const y = drawOutcomes(p, rng);

  it('picks the highest threshold reaching the target sensitivity', () => {
    for (const target of [0.5, 0.85, 0.95, 1]) {
      const t = chooseThreshold(y, p, { kind: 'sensitivity', target });
      expect(computeConfusion(y, p, t).sensitivity).toBeGreaterThanOrEqual(target);
      // Any higher candidate misses the target.
      const higher = p.filter((q) => q > t).sort((a, b) => a - b)[0];
      if (higher !== undefined) expect(computeConfusion(y, p, higher).sensitivity).toBeLessThan(target);
    }
  });

  it("maximises Youden's J over every candidate", () => {
    const t = chooseThreshold(y, p, { kind: 'youden' });
    const j = (q: number) => {
      const c = computeConfusion(y, p, q);
      return c.sensitivity + c.specificity - 1;
    };
    const best = Math.max(...p.map(j));
    expect(j(t)).toBeCloseTo(best, 12);
  });

  it('returns a fixed value as it is and refuses impossible requests', () => {
    expect(chooseThreshold(y, p, { kind: 'fixed', value: 0.3 })).toBe(0.3);
    expect(() => chooseThreshold(y, p, { kind: 'sensitivity', target: 1.5 })).toThrow(/target sensitivity/);
    expect(() => chooseThreshold([0, 0], [0.1, 0.2], { kind: 'youden' })).toThrow(/class is absent/);
  });
});
