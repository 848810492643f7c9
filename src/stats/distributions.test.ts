import { describe, expect, it } from 'vitest';
import { chiSquareSf } from './chi-square-sf.js';
import { kolmogorovSf } from './kolmogorov-sf.js';
import { logGamma } from './log-gamma.js';
import { normalCdf } from './normal-cdf.js';
import { normalQuantile } from './normal-quantile.js';
import { normalSf } from './normal-sf.js';
import { twoSidedZ } from './two-sided-z.js';

// Reference values from R: pchisq(x, df, lower = FALSE), pnorm(z, lower = FALSE), qnorm.
describe('special functions', () => {
  it('match published tables', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(chiSquareSf(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSf(18.307038, 10)).toBeCloseTo(0.05, 6);
    expect(chiSquareSf(2, 4)).toBeCloseTo(0.7357589, 6);
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(normalSf(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalSf(-1)).toBeCloseTo(0.8413447, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(twoSidedZ(0.95)).toBeCloseTo(1.959964, 6);
    expect(twoSidedZ(0.99)).toBeCloseTo(2.575829, 6);
    expect(kolmogorovSf(1.358099)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSf(0.1)).toBe(1);
  });
});

describe('normal distribution', () => {
  it('matches scipy.stats.norm.cdf', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 6);
    expect(normalCdf(-3.1)).toBeCloseTo(0.0009676032132183563, 6);
    expect(normalCdf(0.3)).toBeCloseTo(0.6179114221889526, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(Number.isNaN(normalCdf(Number.NaN))).toBe(true);
  });
  it('has a survival function that keeps precision far in the upper tail', () => {
    // R: pnorm(8, lower = FALSE) = 6.220961e-16, where 1 − Φ(8) in doubles is 0 or noise.
    expect(normalSf(8) / 6.220961e-16).toBeCloseTo(1, 5);
    for (const z of [-2.5, -0.4, 0, 0.7, 3]) expect(normalSf(z) + normalCdf(z)).toBeCloseTo(1, 6);
  });
  it('inverts the CDF with its quantile', () => {
    for (const p of [0.0001, 0.01, 0.2, 0.5, 0.8, 0.99, 0.9999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
});
