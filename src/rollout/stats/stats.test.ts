import { describe, expect, it } from 'vitest';
import { compareAucUnpaired, delongAuc, type LabelledScore } from './delong.js';
import { mannWhitneyU } from './mann-whitney.js';
import { normalCdf } from './normal-cdf.js';
import { populationStabilityIndex } from './psi.js';
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

describe('populationStabilityIndex', () => {
  it('is about zero for samples from one distribution and large for a shifted one', () => {
    const rand = seeded(7);
    const ref = Array.from({ length: 5000 }, () => rand());
    const same = Array.from({ length: 5000 }, () => rand());
    const shifted = Array.from({ length: 5000 }, () => Math.min(1, rand() * 0.5 + 0.5));
    expect(populationStabilityIndex(ref, same)).toBeLessThan(0.02);
    expect(populationStabilityIndex(ref, shifted)).toBeGreaterThan(0.25);
  });
  it('matches the formula on a two-bin example and smooths empty bins', () => {
    // Cut at the median 1.5 of [1,1,2,2]: reference shares (0.5, 0.5), actual (0.25, 0.75).
    const psi = populationStabilityIndex([1, 1, 2, 2], [1, 2, 2, 2], { bins: 2 });
    expect(psi).toBeCloseTo((0.25 - 0.5) * Math.log(0.25 / 0.5) + (0.75 - 0.5) * Math.log(0.75 / 0.5), 12);
    const empty = populationStabilityIndex([1, 1, 2, 2], [2, 2, 2, 2], { bins: 2, epsilon: 1e-4 });
    expect(empty).toBeCloseTo((1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2), 10);
    expect(Number.isNaN(populationStabilityIndex([], [1]))).toBe(true);
  });
});

describe('delongAuc and compareAucUnpaired', () => {
  function sample(rand: () => number, n: number, separation: number): LabelledScore[] {
    return Array.from({ length: n }, () => {
      const outcome = rand() < 0.45 ? 1 : 0;
      const probability = Math.round(Math.min(1, Math.max(0, rand() * (1 - separation) + (outcome ? separation : 0))) * 20) / 20;
      return { probability, outcome: outcome as 0 | 1 };
    });
  }
  it('gives the brute-force AUC and the O(mn) DeLong variance, with ties', () => {
    const s = sample(seeded(3), 300, 0.3);
    const pos = s.filter((x) => x.outcome === 1).map((x) => x.probability);
    const neg = s.filter((x) => x.outcome === 0).map((x) => x.probability);
    const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
    const v10 = pos.map((x) => neg.reduce((acc, y) => acc + psi(x, y), 0) / neg.length);
    const v01 = neg.map((y) => pos.reduce((acc, x) => acc + psi(x, y), 0) / pos.length);
    const auc = v10.reduce((a, b) => a + b, 0) / pos.length;
    const variance = (xs: number[]) => { const m = xs.reduce((a, b) => a + b, 0) / xs.length; return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1); };
    const e = delongAuc(s);
    expect(e.auc).toBeCloseTo(auc, 12);
    expect(e.variance).toBeCloseTo(variance(v10) / pos.length + variance(v01) / neg.length, 12);
  });
  it('finds a clearly worse sample significantly below and an equal one not', () => {
    const rand = seeded(11);
    const good = sample(rand, 400, 0.5);
    const alsoGood = sample(rand, 400, 0.5);
    const poor = sample(rand, 400, 0.05);
    expect(compareAucUnpaired(poor, good).pValueBelow).toBeLessThan(0.001);
    expect(compareAucUnpaired(alsoGood, good).pValueBelow).toBeGreaterThan(0.02);
  });
  it('is NaN without both classes', () => {
    expect(Number.isNaN(delongAuc([{ probability: 0.2, outcome: 0 }]).auc)).toBe(true);
    expect(Number.isNaN(compareAucUnpaired([{ probability: 0.2, outcome: 0 }], [{ probability: 0.9, outcome: 1 }]).pValueBelow)).toBe(true);
  });
});
