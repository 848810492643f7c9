import { describe, expect, it } from 'vitest';
import { delongAuc, delongPaired } from './delong.js';

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

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('DeLong AUC', () => {
  it('matches the pairwise definition, ties included', () => {
    const r = rng(7);
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
    const r = rng(3);
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
