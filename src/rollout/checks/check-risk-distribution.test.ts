import { describe, expect, it } from 'vitest';
import { binsForSamples } from './check-risk-distribution.js';

describe('binsForSamples', () => {
  it('keeps ten expected observations a bin, between 2 bins and the configured number', () => {
    expect(binsForSamples(1000, 10)).toBe(10);
    expect(binsForSamples(100, 10)).toBe(10);
    expect(binsForSamples(99, 10)).toBe(9);
    expect(binsForSamples(30, 10)).toBe(3);
    expect(binsForSamples(5, 10)).toBe(2);
    expect(binsForSamples(1000, 4)).toBe(4);
  });
});
