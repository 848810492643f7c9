import { mulberry32 } from '../stats/index.js';

/**
 * A small seeded pseudo-random generator (mulberry32). Every random choice in training —
 * bootstrap samples, feature subsets, fold assignment — draws from one of these, so a seed
 * fixes the result on every machine. Not for cryptography.
 */
export class Random {
  readonly #next: () => number;

  /** A generator whose sequence is fixed by `seed` (any number; only its low 32 bits count). */
  constructor(seed: number) {
    // Mix the seed once so that nearby seeds (0, 1, 2…) start far apart.
    this.#next = mulberry32(Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0);
  }

  /** A float uniformly distributed in [0, 1). */
  next(): number {
    return this.#next();
  }

  /** An integer uniformly distributed in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** `k` distinct integers from [0, n), in increasing order (k is clamped to n). */
  sample(n: number, k: number): Int32Array {
    const all = Int32Array.from({ length: n }, (_, i) => i);
    // Partial Fisher–Yates: the first k slots end up a uniform random subset.
    const m = Math.min(k, n);
    for (let i = 0; i < m; i++) {
      const j = i + this.nextInt(n - i);
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return all.subarray(0, m).sort();
  }

  /** A new generator seeded from this one (for independent streams, e.g. one per tree). */
  fork(): Random {
    return new Random(Math.floor(this.next() * 4294967296));
  }
}
