/**
 * A seeded uniform generator on [0, 1) (mulberry32): the same `seed` (its low 32 bits) gives
 * the same sequence on every machine, so training and tests are reproducible. Pure apart from
 * the returned closure's own state. Not for cryptography.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
