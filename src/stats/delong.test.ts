import { describe, expect, it } from 'vitest';
import { compareAucUnpaired, type LabelledScore } from './compare-auc-unpaired.js';
import { delongAuc } from './delong-auc.js';
import { delongPaired } from './delong-paired.js';
import { mulberry32 as seeded } from './mulberry32.js';

/** The AUC and DeLong variance by the textbook O(m·n) definition, as an oracle. */
function bruteForce(y: number[], s: number[]): { auc: number; variance: number } {
  const pos = s.filter((_, i) => y[i] === 1);
  const neg = s.filter((_, i) => y[i] === 0);
  const psi = (a: number, b: number): number => (a > b ? 1 : a === b ? 0.5 : 0);
  const v10 = pos.map((p) => neg.reduce((acc, q) => acc + psi(p, q), 0) / neg.length);
  const v01 = neg.map((q) => pos.reduce((acc, p) => acc + psi(p, q), 0) / pos.length);
  const auc = v10.reduce((a, b) => a + b, 0) / pos.length;
  const varOf = (v: number[]): number => v.reduce((a, x) => a + (x - auc) ** 2, 0) / (v.length - 1);
  return { auc, variance: varOf(v10) / pos.length + varOf(v01) / neg.length };
}

describe('DeLong AUC', () => {
  it('matches the pairwise definition, ties included', () => {
    const r = seeded(7);
    const y = Array.from({ length: 120 }, () => (r() < 0.4 ? 1 : 0));
    const s = y.map((t) => Math.round((t + r() * 1.5) * 4) / 4); // coarse scores: many ties
    const got = delongAuc(y, s);
    const want = bruteForce(y, s);
    expect(got.auc).toBeCloseTo(want.auc, 12);
    expect(got.se ** 2).toBeCloseTo(want.variance, 12);
    expect(got.ci95[0]).toBeLessThan(got.auc);
    expect(got.ci95[1]).toBeGreaterThan(got.auc);
  });
  it('gives a zero-width interval for the difference of a model with itself', () => {
    const y = [0, 1, 0, 1, 1, 0, 0, 1];
    const s = [0.1, 0.9, 0.3, 0.6, 0.8, 0.2, 0.7, 0.4];
    const c = delongPaired(y, s, s);
    expect(c.difference).toBe(0);
    expect(c.se).toBeCloseTo(0, 12);
  });
  it('detects a clearly worse model and not a slightly noisy one', () => {
    const r = seeded(3);
    const y = Array.from({ length: 400 }, () => (r() < 0.45 ? 1 : 0));
    const good = y.map((t) => t * 0.6 + r());
    const bad = y.map((t) => t * 0.2 + r());
    const noisy = good.map((v) => v + (r() - 0.5) * 0.2);
    const worse = delongPaired(y, bad, good);
    expect(worse.ci95[1]).toBeLessThan(0);
    const same = delongPaired(y, noisy, good);
    expect(same.ci95[0]).toBeLessThan(0);
    expect(same.ci95[1]).toBeGreaterThan(0);
  });
  it('refuses data without both classes', () => {
    expect(() => delongAuc([1, 1], [0.2, 0.3])).toThrow(RangeError);
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
