import { describe, expect, it } from 'vitest';
import { chiSquareSf, kolmogorovSf, logGamma, normalQuantile, normalSf } from './special-functions.js';

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
    expect(normalQuantile(0.025)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(kolmogorovSf(1.358099)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSf(0.1)).toBe(1);
  });
});
