import { describe, expect, it } from 'vitest';
import { Random } from './random.js';
import { complementRows, repeatedStratifiedKFold, stratifiedKFold } from './stratified-folds.js';

describe('stratifiedKFold', () => {
  const y = Array.from({ length: 103 }, (_, i) => (i % 3 === 0 ? 1 : 0));

  it('partitions the rows into folds of balanced size and class mix', () => {
    const folds = stratifiedKFold(y, 5, 0);
    const all = folds.flatMap((f) => Array.from(f)).sort((a, b) => a - b);
    expect(all).toEqual(y.map((_, i) => i));
    const sizes = folds.map((f) => f.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const positives = folds.map((f) => Array.from(f).filter((r) => y[r] === 1).length);
    expect(Math.max(...positives) - Math.min(...positives)).toBeLessThanOrEqual(1);
  });

  it('is fixed by the seed and varies with it', () => {
    expect(stratifiedKFold(y, 5, 3)).toEqual(stratifiedKFold(y, 5, 3));
    expect(stratifiedKFold(y, 5, 3)).not.toEqual(stratifiedKFold(y, 5, 4));
    const repeated = repeatedStratifiedKFold(y, 5, 3, 7);
    expect(repeated[2]).toEqual(stratifiedKFold(y, 5, 9));
  });

  it('refuses impossible fold counts', () => {
    expect(() => stratifiedKFold(y, 1, 0)).toThrow(/folds must be/);
    expect(() => stratifiedKFold([0, 1], 3, 0)).toThrow(/folds must be/);
    expect(() => repeatedStratifiedKFold(y, 5, 0, 0)).toThrow(/repeats/);
  });

  it('complements a fold', () => {
    expect(Array.from(complementRows(6, Int32Array.of(1, 4)))).toEqual([0, 2, 3, 5]);
  });
});

describe('Random', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = new Random(42);
    const b = new Random(42);
    for (let i = 0; i < 1000; i++) {
      const v = a.next();
      expect(v).toBe(b.next());
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
    expect(new Random(0).next()).not.toBe(new Random(1).next());
  });

  it('samples distinct sorted indices', () => {
    const s = Array.from(new Random(1).sample(13, 5));
    expect(new Set(s).size).toBe(5);
    expect(s).toEqual([...s].sort((x, y) => x - y));
    expect(s.every((v) => v >= 0 && v < 13)).toBe(true);
  });
});
