/** heart-validation/1 holds out every this-many-th Cleveland row (the last of each group of four). */
export const HEART_HOLD_OUT_PERIOD = 4;

/**
 * Rows of the Cleveland file held out for validation (0-based indices i with i % 4 === 3: 75
 * of the 303). heart-validation/1 (src/registry) evaluates on them, and every model trained
 * here on Cleveland leaves them out, so its validation results are not optimistic. Defined
 * once, here, because training (src/train) cannot import the registry. Never changes: a
 * different selection is a new validation set id.
 */
export function heartHeldOutClevelandRows(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i).filter((i) => i % HEART_HOLD_OUT_PERIOD === HEART_HOLD_OUT_PERIOD - 1);
}
