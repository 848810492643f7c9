import { describe, expect, it } from 'vitest';
import { hanleyMcNeilInterval } from './hanley-mcneil-interval.js';
import { mannWhitneyU } from './mann-whitney-u.js';
import { quantile, quantilesOfUnsorted } from './quantile.js';
import { samplePsi } from './sample-psi.js';
import { sortAscending } from './sort-ascending.js';
import { mulberry32 as seeded } from './mulberry32.js';
import { twoProportionTest } from './two-proportion-test.js';
import { wilsonInterval } from './wilson-interval.js';

describe('quantile', () => {
  it('interpolates like NumPy', () => {
    const s = sortAscending([5, 1, 4, 2, 3]);
    expect(s).toEqual([1, 2, 3, 4, 5]);
    expect(quantile(s, 0.5)).toBe(3);
    expect(quantile(s, 0.95)).toBeCloseTo(4.8, 10);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });
  it('accepts typed arrays, clamps q, and keeps a flat run exactly flat', () => {
    const s = sortAscending(Float64Array.of(0.3, 0.1, 0.2));
    expect(quantile(Float64Array.from(s), 1)).toBe(0.3);
    expect(quantile(s, -1)).toBe(0.1);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBeCloseTo(9.55, 12);
    // 1,980 fast calls and 20 slow ones: the p99 lies between the two order statistics.
    const latencies = sortAscending([...new Array<number>(1980).fill(0.05), ...new Array<number>(20).fill(30)]);
    expect(quantile(latencies, 0.99)).toBeCloseTo(0.05 + 0.01 * (30 - 0.05), 12);
    expect(quantile(new Array<number>(7).fill(0.1), 0.37)).toBe(0.1);
  });
  it('gives the same quantiles of an unsorted sample by selection', () => {
    const random = seeded(7);
    for (const n of [1, 2, 3, 10, 101, 5000]) {
      // Ties included: latencies rounded to 0.01 ms.
      const values = Array.from({ length: n }, () => Math.round(random() * 300) / 100);
      const sorted = sortAscending([...values]);
      const qs = [0, 0.5, 0.95, 0.99, 1, -1, 2];
      expect(quantilesOfUnsorted([...values], qs)).toEqual(qs.map((q) => quantile(sorted, q)));
    }
    expect(quantilesOfUnsorted([], [0.5]).every(Number.isNaN)).toBe(true);
    const latencies = [...new Array<number>(20).fill(30), ...new Array<number>(1980).fill(0.05)];
    expect(quantilesOfUnsorted(latencies, [0.99])[0]).toBeCloseTo(0.05 + 0.01 * (30 - 0.05), 12);
  });
});

describe('wilsonInterval', () => {
  it('matches the textbook values', () => {
    // 8/10 at 95 %: (0.4902, 0.9433); 0/10: (0, 0.2775) — Newcombe (1998), Table I method 3.
    const a = wilsonInterval(8, 10);
    expect(a.value).toBe(0.8);
    expect(a.lower!).toBeCloseTo(0.4902, 4);
    expect(a.upper!).toBeCloseTo(0.9433, 4);
    const b = wilsonInterval(0, 10);
    expect(b.lower).toBe(0);
    expect(b.upper!).toBeCloseTo(0.2775, 4);
    const c = wilsonInterval(80, 100);
    expect(c.lower!).toBeCloseTo(0.7112, 3);
    expect(c.upper!).toBeCloseTo(0.8666, 3);
  });
  it('widens with the level and is undefined without trials', () => {
    const w95 = wilsonInterval(30, 60);
    const w99 = wilsonInterval(30, 60, 0.99);
    expect(w99.lower!).toBeLessThan(w95.lower!);
    expect(w99.upper!).toBeGreaterThan(w95.upper!);
    expect(wilsonInterval(0, 0)).toEqual({ value: null, lower: null, upper: null });
  });
});

describe('hanleyMcNeilInterval', () => {
  it('gives the 1982 standard error', () => {
    // A = 0.8, 50 + 50: Q1 = 0.6667, Q2 = 0.7111, SE = √(4.951 / 2500) = 0.0445.
    const e = hanleyMcNeilInterval(0.8, 50, 50);
    expect((e.upper! - e.lower!) / 2 / 1.959964).toBeCloseTo(0.0445, 4);
    expect(hanleyMcNeilInterval(Number.NaN, 0, 5).value).toBeNull();
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

