import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity } from './chi-square-homogeneity.js';
import { ksTwoSample } from './ks-two-sample.js';
import { populationStabilityIndex } from './population-stability-index.js';

describe('ksTwoSample', () => {
  it('gives D = 0 and p = 1 for identical samples, D = 1 for disjoint ones', () => {
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(ksTwoSample(a, a)).toEqual({ statistic: 0, pValue: 1 });
    const far = ksTwoSample(a, a.map((v) => v + 100));
    expect(far.statistic).toBe(1);
    expect(far.pValue).toBeLessThan(0.001);
  });

  it('computes D and the corrected asymptotic p-value of a shifted pair', () => {
    // D = 0.5 by hand; λ = (√10 + 0.12 + 0.11/√10)·0.5 ≈ 1.658, Q(λ) ≈ 2·e^(−2λ²) ≈ 0.0082
    // (scipy's uncorrected asymptotic value is 0.0135).
    const a = Array.from({ length: 20 }, (_, i) => i + 1);
    const b = Array.from({ length: 20 }, (_, i) => i + 11);
    const r = ksTwoSample(a, b);
    expect(r.statistic).toBeCloseTo(0.5, 12);
    expect(r.pValue).toBeCloseTo(0.0082, 3);
  });

  it('handles ties by stepping over equal values on both sides', () => {
    expect(ksTwoSample([0, 0, 0, 1], [0, 0, 0, 1]).statistic).toBe(0);
    expect(ksTwoSample([0, 0, 1, 1], [0, 1, 1, 1]).statistic).toBeCloseTo(0.25, 12);
  });

  it('is NaN, not "no difference", for an empty sample', () => {
    expect(ksTwoSample([], [1]).pValue).toBeNaN();
  });
});

describe('chiSquareHomogeneity', () => {
  it('computes the 2 × k statistic by hand-checkable numbers', () => {
    // Rows 60 + 60, every column 40: expected 20 per cell, χ² = (4 × 100) / 20 = 20 on 2 df,
    // and for 2 df the tail is exactly exp(−χ²/2).
    const r = chiSquareHomogeneity([10, 20, 30], [30, 20, 10]);
    expect(r.statistic).toBeCloseTo(20, 10);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-10), 10);
    expect(r.cramersV).toBeCloseTo(Math.sqrt(20 / 120), 10);
  });

  it('drops categories empty on both sides and refuses to judge a single category', () => {
    expect(chiSquareHomogeneity([5, 0, 5], [5, 0, 5]).df).toBe(1);
    expect(chiSquareHomogeneity([5, 0], [7, 0]).pValue).toBe(1);
  });
});

describe('populationStabilityIndex', () => {
  it('is 0 for identical shares and grows with the shift', () => {
    expect(populationStabilityIndex([10, 20, 30], [10, 20, 30])).toBe(0);
    // Same shares, different sizes: only the smoothing differs, by a negligible amount.
    expect(populationStabilityIndex([10, 20, 30], [20, 40, 60])).toBeLessThan(1e-4);
    const small = populationStabilityIndex([100, 100], [110, 90]);
    const big = populationStabilityIndex([100, 100], [180, 20]);
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(0.1);
    expect(big).toBeGreaterThan(0.25);
  });

  it('stays finite when a bin is empty on one side (smoothing)', () => {
    const v = populationStabilityIndex([50, 50, 0], [0, 50, 50]);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThan(1);
  });
});
