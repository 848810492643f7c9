import type { TreeEnsembleData } from './model.js';

/**
 * Exact path-dependent TreeSHAP, Algorithm 2 of Lundberg et al. (2018, 2020), on the flat
 * arrays of a {@link TreeEnsembleData}. O(L·D²) per tree and row; it needs no precomputation,
 * so {@link TreeShap} uses it for trees whose leaf tables would be too large, and the tests
 * use it as a second reference. A missing value's "hot" child is the default child, as in
 * XGBoost's pred_contribs. Allocation-free after construction.
 */
export class TreeShapPath {
  readonly #d: TreeEnsembleData;
  // The unique path of every recursion level lives in one buffer, level after level
  // (Lundberg's layout): level u starts at u(u+1)/2 and holds u+1 elements.
  readonly #feature: Int32Array;
  readonly #zero: Float64Array;
  readonly #one: Float64Array;
  readonly #weight: Float64Array;
  #x: Float64Array = new Float64Array(0);
  #xOff = 0;
  #phi: Float64Array = new Float64Array(0);
  #phiOff = 0;
  #scale = 1;

  /** `maxDepth` is the depth of the deepest tree (edges from root to leaf). */
  constructor(data: TreeEnsembleData, maxDepth: number) {
    this.#d = data;
    const levels = maxDepth + 2;
    const size = ((levels + 1) * (levels + 2)) / 2;
    this.#feature = new Int32Array(size);
    this.#zero = new Float64Array(size);
    this.#one = new Float64Array(size);
    this.#weight = new Float64Array(size);
  }

  /**
   * Adds `scale` × the SHAP values of tree `t` for the row at x[xOff…] into phi[phiOff…]
   * (one slot per feature).
   */
  addTree(t: number, x: Float64Array, xOff: number, phi: Float64Array, phiOff: number, scale: number): void {
    this.#x = x;
    this.#xOff = xOff;
    this.#phi = phi;
    this.#phiOff = phiOff;
    this.#scale = scale;
    this.#recurse(this.#d.treeOffsets[t], 0, 0, 0, 1, 1, -1);
  }

  /**
   * Visits node k with a unique path of `depth` elements stored at `parentStart`, extended
   * here by the split that led to k (feature `feature`, fractions `zero` and `one`).
   */
  #recurse(k: number, depth: number, parentStart: number, start: number, zero: number, one: number, feature: number): void {
    const d = this.#d;
    // Copy the parent's path into this level, then extend it.
    if (depth > 0) {
      this.#feature.copyWithin(start, parentStart, parentStart + depth);
      this.#zero.copyWithin(start, parentStart, parentStart + depth);
      this.#one.copyWithin(start, parentStart, parentStart + depth);
      this.#weight.copyWithin(start, parentStart, parentStart + depth);
    }
    this.#extend(start, depth, zero, one, feature);
    const f = d.feature[k];
    if (f < 0) {
      const leaf = d.value[k] * this.#scale;
      for (let i = 1; i <= depth; i++) {
        const w = this.#unwoundSum(start, depth, i);
        this.#phi[this.#phiOff + this.#feature[start + i]] += w * (this.#one[start + i] - this.#zero[start + i]) * leaf;
      }
      return;
    }
    const v = this.#x[this.#xOff + f];
    const goLeft = v < d.threshold[k] ? true : v >= d.threshold[k] ? false : d.defaultLeft[k] === 1;
    const hot = goLeft ? d.left[k] : d.right[k];
    const cold = goLeft ? d.right[k] : d.left[k];
    const hotZero = d.cover[hot] / d.cover[k];
    const coldZero = d.cover[cold] / d.cover[k];
    let inZero = 1;
    let inOne = 1;
    let unique = depth;
    // A feature already on the path is merged: unwind its element and carry its fractions.
    for (let i = 1; i <= depth; i++) {
      if (this.#feature[start + i] === f) {
        inZero = this.#zero[start + i];
        inOne = this.#one[start + i];
        this.#unwind(start, depth, i);
        unique = depth - 1;
        break;
      }
    }
    const childStart = start + depth + 1;
    // A branch with both fractions 0 contributes nothing (and would divide by zero when unwound).
    if (hotZero * inZero !== 0 || inOne !== 0) this.#recurse(hot, unique + 1, start, childStart, hotZero * inZero, inOne, f);
    if (coldZero * inZero !== 0) this.#recurse(cold, unique + 1, start, childStart, coldZero * inZero, 0, f);
  }

  /** EXTEND: adds an element to the path of `depth` elements at `s`, updating subset weights. */
  #extend(s: number, depth: number, zero: number, one: number, feature: number): void {
    const w = this.#weight;
    this.#feature[s + depth] = feature;
    this.#zero[s + depth] = zero;
    this.#one[s + depth] = one;
    w[s + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      w[s + i + 1] += (one * w[s + i] * (i + 1)) / (depth + 1);
      w[s + i] = (zero * w[s + i] * (depth - i)) / (depth + 1);
    }
  }

  /** UNWIND: removes element `at` from the path (the inverse of EXTEND). */
  #unwind(s: number, depth: number, at: number): void {
    const w = this.#weight;
    const one = this.#one[s + at];
    const zero = this.#zero[s + at];
    let next = w[s + depth];
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = w[s + i];
        w[s + i] = (next * (depth + 1)) / ((i + 1) * one);
        next = tmp - (w[s + i] * zero * (depth - i)) / (depth + 1);
      } else {
        w[s + i] = (w[s + i] * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = at; i < depth; i++) {
      this.#feature[s + i] = this.#feature[s + i + 1];
      this.#zero[s + i] = this.#zero[s + i + 1];
      this.#one[s + i] = this.#one[s + i + 1];
    }
  }

  /** UNWOUND_SUM: total weight of the path with element `at` removed, without modifying it. */
  #unwoundSum(s: number, depth: number, at: number): number {
    const w = this.#weight;
    const one = this.#one[s + at];
    const zero = this.#zero[s + at];
    let next = w[s + depth];
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = (next * (depth + 1)) / ((i + 1) * one);
        total += tmp;
        next = w[s + i] - (tmp * zero * (depth - i)) / (depth + 1);
      } else if (zero !== 0) {
        total += (w[s + i] / zero) * ((depth + 1) / (depth - i));
      }
    }
    return total;
  }
}
