import { RiskgateError } from '../errors.js';
import { Random } from './random.js';

/**
 * Stratified k-fold split of rows 0…n−1 by their 0/1 label: positives and negatives are
 * shuffled separately (seeded) and dealt round-robin to the folds, so each fold's class
 * balance matches the whole set to within one row. Returns each fold's test rows, ascending.
 * Throws BAD_REQUEST when k < 2 or k exceeds the number of rows.
 */
export function stratifiedKFold(y: ArrayLike<number>, k: number, seed: number): Int32Array[] {
  if (!Number.isInteger(k) || k < 2 || k > y.length) {
    throw new RiskgateError('BAD_REQUEST', { reason: `folds must be an integer from 2 to the number of rows (${y.length}), got ${k}` });
  }
  const rng = new Random(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const label of [1, 0]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === label) rows.push(i);
    rng.shuffle(rows);
    // Continue dealing where the previous class stopped so fold sizes differ by at most one.
    for (const r of rows) folds[next++ % k].push(r);
  }
  return folds.map((f) => Int32Array.from(f).sort());
}

/** Test rows of every fold of every repeat; repeat r uses seed `seed + r` (protocol "seeds 0–4"). */
export function repeatedStratifiedKFold(y: ArrayLike<number>, k: number, repeats: number, seed: number): Int32Array[][] {
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new RiskgateError('BAD_REQUEST', { reason: `repeats must be a positive integer, got ${repeats}` });
  }
  return Array.from({ length: repeats }, (_, r) => stratifiedKFold(y, k, seed + r));
}

/** The rows of 0…n−1 not in `test` (ascending). */
export function complementRows(n: number, test: Int32Array): Int32Array {
  const inTest = new Uint8Array(n);
  for (const r of test) inTest[r] = 1;
  const out = new Int32Array(n - test.length);
  for (let i = 0, k = 0; i < n; i++) if (!inTest[i]) out[k++] = i;
  return out;
}
