import { describe, expect, it } from 'vitest';
import { loadDataset } from './dataset.js';
import { heartHeldOutClevelandRows } from './heart-held-out-rows.js';
import { HEART_TRAINING_POOL_ID, loadHeartTrainingPool } from './load-heart-training-pool.js';

describe('the Cleveland hold-out for heart-validation/1', () => {
  it('holds out every fourth row (i % 4 === 3): 75 of 303', () => {
    const held = heartHeldOutClevelandRows(303);
    expect(held).toHaveLength(75);
    expect(held.slice(0, 3)).toEqual([3, 7, 11]);
    expect(held.every((i) => i % 4 === 3)).toBe(true);
    expect(heartHeldOutClevelandRows(3)).toEqual([]);
  });

  it('trains on exactly the other 228 rows, in file order, under its own id', () => {
    const cleveland = loadDataset('uci:cleveland');
    const pool = loadHeartTrainingPool();
    expect(pool).toMatchObject({ id: HEART_TRAINING_POOL_ID, n: 228, sha256: cleveland.sha256 });
    const p = cleveland.features.length;
    const held = new Set(heartHeldOutClevelandRows(cleveland.n));
    const kept = [...Array(cleveland.n).keys()].filter((i) => !held.has(i));
    expect(kept).toHaveLength(pool.n);
    kept.forEach((row, i) => {
      expect(pool.y[i]).toBe(cleveland.y[row]);
      expect(Array.from(pool.x.subarray(i * p, i * p + p))).toEqual(Array.from(cleveland.x.subarray(row * p, row * p + p)));
    });
  });
});
