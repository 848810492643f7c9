import { describe, expect, it } from 'vitest';
import { compareAucUnpaired, type LabelledScore } from './auc-comparison.js';
import { mannWhitneyU } from './mann-whitney.js';
import { normalCdf } from './normal-cdf.js';
import { samplePsi } from './psi.js';
import { quantile, sortAscending } from './quantile.js';
import { twoProportionTest } from './two-proportion-test.js';

/** Deterministic pseudo-random numbers (mulberry32) so tests do not depend on Math.random. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('normalCdf', () => {
  it('matches scipy.stats.norm.cdf', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 6);
    expect(normalCdf(-3.1)).toBeCloseTo(0.0009676032132183563, 6);
    expect(normalCdf(0.3)).toBeCloseTo(0.6179114221889526, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(Number.isNaN(normalCdf(Number.NaN))).toBe(true);
  });
});

describe('quantile', () => {
  it('interpolates like NumPy', () => {
    const s = sortAscending([5, 1, 4, 2, 3]);
    expect(s).toEqual([1, 2, 3, 4, 5]);
    expect(quantile(s, 0.5)).toBe(3);
    expect(quantile(s, 0.95)).toBeCloseTo(4.8, 10);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });
});

describe('twoProportionTest', () => {
  it('matches a hand computation checked in Python', () => {
    const r = twoProportionTest(30, 500, 12, 500);
    expect(r.z).toBeCloseTo(2.8376910168634626, 6);
    expect(r.pValue).toBeCloseTo(0.002272057388560067, 6);
  });
  it('gives no evidence without data or events', () => {
    expect(twoProportionTest(0, 0, 0, 10).pValue).toBe(1);
    expect(twoProportionTest(0, 100, 0, 100).pValue).toBe(1);
  });
});

describe('mannWhitneyU', () => {
  it('matches scipy mannwhitneyu(alternative=greater, asymptotic, continuity) with ties', () => {
    const a = [12, 15, 11, 19, 22, 15, 30, 18, 15, 25];
    const b = [10, 11, 9, 15, 12, 13, 11, 10, 14, 15, 9];
    const r = mannWhitneyU(a, b);
    expect(r.u).toBe(96.5);
    expect(r.pValue).toBeCloseTo(0.0017911340556313541, 5);
  });
  it('says nothing for empty or constant samples, and is not significant the other way', () => {
    expect(mannWhitneyU([], [1, 2]).pValue).toBe(1);
    expect(mannWhitneyU([3, 3], [3, 3]).pValue).toBe(1);
    expect(mannWhitneyU([1, 2, 3, 4, 5, 6], [10, 11, 12, 13, 14, 15]).pValue).toBeGreaterThan(0.99);
  });
});

describe('samplePsi', () => {
  it('is about zero for samples from one distribution and large for a shifted one', () => {
    const rand = seeded(7);
    const ref = Array.from({ length: 5000 }, () => rand());
    const same = Array.from({ length: 5000 }, () => rand());
    const shifted = Array.from({ length: 5000 }, () => Math.min(1, rand() * 0.5 + 0.5));
    expect(samplePsi(ref, same)).toBeLessThan(0.02);
    expect(samplePsi(ref, shifted)).toBeGreaterThan(0.25);
  });
  it('cuts bins at reference quantiles and applies the smoothed formula to the counts', () => {
    // Cut at the median 1.5 of [1,1,2,2]: reference counts (2, 2), actual (1, 3); smoothing ½.
    const p = [2.5 / 5, 2.5 / 5];
    const q = [1.5 / 5, 3.5 / 5];
    const expected = (q[0] - p[0]) * Math.log(q[0] / p[0]) + (q[1] - p[1]) * Math.log(q[1] / p[1]);
    expect(samplePsi([1, 1, 2, 2], [1, 2, 2, 2], { bins: 2 })).toBeCloseTo(expected, 12);
    // An empty bin stays finite; tied reference quantiles collapse into one bin (PSI 0 here).
    expect(Number.isFinite(samplePsi([1, 1, 2, 2], [2, 2, 2, 2], { bins: 2 }))).toBe(true);
    expect(samplePsi([3, 3, 3, 3], [3, 3, 3, 3], { bins: 10 })).toBe(0);
    expect(Number.isNaN(samplePsi([], [1]))).toBe(true);
  });
});

describe('compareAucUnpaired', () => {
  function sample(rand: () => number, n: number, separation: number): LabelledScore[] {
    return Array.from({ length: n }, () => {
      const outcome = rand() < 0.45 ? 1 : 0;
      const probability = Math.round(Math.min(1, Math.max(0, rand() * (1 - separation) + (outcome ? separation : 0))) * 20) / 20;
      return { probability, outcome: outcome as 0 | 1 };
    });
  }
  it('gives the brute-force AUC of each sample and combines independent DeLong variances', () => {
    const rand = seeded(3);
    const a = sample(rand, 300, 0.3);
    const b = sample(rand, 300, 0.3);
    const bruteAuc = (s: LabelledScore[]) => {
      const pos = s.filter((x) => x.outcome === 1).map((x) => x.probability);
      const neg = s.filter((x) => x.outcome === 0).map((x) => x.probability);
      let sum = 0;
      for (const x of pos) for (const y of neg) sum += x > y ? 1 : x === y ? 0.5 : 0;
      return sum / (pos.length * neg.length);
    };
    const r = compareAucUnpaired(a, b);
    expect(r.a.auc).toBeCloseTo(bruteAuc(a), 12);
    expect(r.b.auc).toBeCloseTo(bruteAuc(b), 12);
    expect(r.z).toBeCloseTo((r.a.auc - r.b.auc) / Math.sqrt(r.a.se ** 2 + r.b.se ** 2), 12);
  });
  it('finds a clearly worse sample significantly below and an equal one not', () => {
    const rand = seeded(11);
    const good = sample(rand, 400, 0.5);
    const alsoGood = sample(rand, 400, 0.5);
    const poor = sample(rand, 400, 0.05);
    expect(compareAucUnpaired(poor, good).pValueBelow).toBeLessThan(0.001);
    expect(compareAucUnpaired(alsoGood, good).pValueBelow).toBeGreaterThan(0.02);
  });
  it('is NaN without two of each class', () => {
    const r = compareAucUnpaired([{ probability: 0.2, outcome: 0 }], [{ probability: 0.9, outcome: 1 }]);
    expect(Number.isNaN(r.pValueBelow)).toBe(true);
    expect(Number.isNaN(r.a.auc)).toBe(true);
  });
});
