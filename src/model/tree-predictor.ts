import type { TreeEnsembleData } from './model.js';

/**
 * Deepest tree stored in the complete (heap) layout; a tree of depth D takes 2^D − 1 split
 * slots and 2^D leaf slots there, so deeper ensembles use the linked layout.
 */
export const MAX_COMPLETE_DEPTH = 10;

/**
 * Raw scores of a checked tree ensemble, computed from flat typed arrays without allocating.
 *
 * When every tree is at most {@link MAX_COMPLETE_DEPTH} deep, each tree is padded to a
 * complete binary tree in heap order (children of slot k at 2k+1 and 2k+2; a leaf above the
 * bottom is copied to every bottom slot under it, its padding splits route either way). A row
 * then takes exactly D steps per tree with no data-dependent branch: the step is
 * `k = 2k + 1 + goesRight`, computed arithmetically, and four rows walk together so the CPU
 * overlaps their independent loads (measured 15–20 % faster than two). Deeper ensembles use a linked layout (children by index).
 *
 * Split rule (XGBoost's): right when x >= threshold, left when x < threshold; NaN fails both
 * comparisons and takes the default child.
 */
export class TreePredictor {
  readonly #p: number;
  readonly #base: number;
  readonly #scale: number;
  readonly #trees: number;
  readonly #complete: boolean;
  // Complete layout: per tree, its depth and the start of its splits and leaves.
  readonly #depth: Int32Array;
  readonly #splitStart: Int32Array;
  readonly #leafStart: Int32Array;
  readonly #feature: Int32Array;
  readonly #threshold: Float64Array;
  /** 1 when NaN goes right (default child is the right one). */
  readonly #missingRight: Int32Array;
  readonly #leafValue: Float64Array;
  // Linked layout: children ≥ 0 are split slots, < 0 are leaves (~leaf index).
  readonly #root: Int32Array;
  readonly #left: Int32Array;
  readonly #right: Int32Array;

  /** `data` must pass checkTreeEnsemble. */
  constructor(data: TreeEnsembleData) {
    this.#p = data.featureNames.length;
    this.#base = data.baseScore;
    this.#trees = data.treeOffsets.length - 1;
    this.#scale = data.aggregation === 'mean' ? 1 / this.#trees : 1;
    this.#depth = new Int32Array(this.#trees);
    for (let t = 0; t < this.#trees; t++) this.#depth[t] = depthBelow(data, data.treeOffsets[t]);
    this.#complete = this.#depth.every((d) => d <= MAX_COMPLETE_DEPTH);
    this.#splitStart = new Int32Array(this.#trees + 1);
    this.#leafStart = new Int32Array(this.#trees + 1);
    if (this.#complete) {
      for (let t = 0; t < this.#trees; t++) {
        this.#splitStart[t + 1] = this.#splitStart[t] + (1 << this.#depth[t]) - 1;
        this.#leafStart[t + 1] = this.#leafStart[t] + (1 << this.#depth[t]);
      }
    }
    const splits = this.#complete ? this.#splitStart[this.#trees] : data.feature.reduce((a, f) => a + (f >= 0 ? 1 : 0), 0);
    const leaves = this.#complete ? this.#leafStart[this.#trees] : data.feature.length - splits;
    this.#feature = new Int32Array(splits);
    this.#threshold = new Float64Array(splits);
    this.#missingRight = new Int32Array(splits);
    this.#leafValue = new Float64Array(leaves);
    this.#root = new Int32Array(this.#trees);
    this.#left = new Int32Array(this.#complete ? 0 : splits);
    this.#right = new Int32Array(this.#complete ? 0 : splits);
    if (this.#complete) this.#layOutComplete(data);
    else this.#layOutLinked(data);
  }

  /** Raw scores of the n rows of x (row-major, p values each) into out. */
  predictRaw(x: Float64Array, n: number, out: Float64Array): void {
    if (this.#complete) this.#predictComplete(x, n, out);
    else this.#predictLinked(x, n, out);
  }

  #predictComplete(x: Float64Array, n: number, out: Float64Array): void {
    const p = this.#p;
    const trees = this.#trees;
    const depth = this.#depth;
    const splitStart = this.#splitStart;
    const leafStart = this.#leafStart;
    const feature = this.#feature;
    const threshold = this.#threshold;
    const missingRight = this.#missingRight;
    const leafValue = this.#leafValue;
    // Rows in fours (four independent walks keep the CPU busy); the last n % 4 rows walk alone,
    // so a single row (every HTTP prediction) costs one walk, not four.
    const full = n - (n % 4);
    for (let r = 0; r < full; r += 4) {
      const o0 = r * p;
      const o1 = o0 + p;
      const o2 = o1 + p;
      const o3 = o2 + p;
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      for (let t = 0; t < trees; t++) {
        const s = splitStart[t];
        const d = depth[t];
        let k0 = 0;
        let k1 = 0;
        let k2 = 0;
        let k3 = 0;
        for (let level = 0; level < d; level++) {
          // +(v >= th) is 1 for right; +!(v < th) is also 1 for NaN, kept only where NaN goes right.
          const v0 = x[o0 + feature[s + k0]];
          const t0 = threshold[s + k0];
          k0 = 2 * k0 + 1 + (+(v0 >= t0) | (+!(v0 < t0) & missingRight[s + k0]));
          const v1 = x[o1 + feature[s + k1]];
          const t1 = threshold[s + k1];
          k1 = 2 * k1 + 1 + (+(v1 >= t1) | (+!(v1 < t1) & missingRight[s + k1]));
          const v2 = x[o2 + feature[s + k2]];
          const t2 = threshold[s + k2];
          k2 = 2 * k2 + 1 + (+(v2 >= t2) | (+!(v2 < t2) & missingRight[s + k2]));
          const v3 = x[o3 + feature[s + k3]];
          const t3 = threshold[s + k3];
          k3 = 2 * k3 + 1 + (+(v3 >= t3) | (+!(v3 < t3) & missingRight[s + k3]));
        }
        const leaves = leafStart[t] - ((1 << d) - 1);
        sum0 += leafValue[leaves + k0];
        sum1 += leafValue[leaves + k1];
        sum2 += leafValue[leaves + k2];
        sum3 += leafValue[leaves + k3];
      }
      out[r] = this.#base + sum0 * this.#scale;
      out[r + 1] = this.#base + sum1 * this.#scale;
      out[r + 2] = this.#base + sum2 * this.#scale;
      out[r + 3] = this.#base + sum3 * this.#scale;
    }
    for (let r = full; r < n; r++) {
      const o = r * p;
      let sum = 0;
      for (let t = 0; t < trees; t++) {
        const s = splitStart[t];
        const d = depth[t];
        let k = 0;
        for (let level = 0; level < d; level++) {
          const v = x[o + feature[s + k]];
          const th = threshold[s + k];
          k = 2 * k + 1 + (+(v >= th) | (+!(v < th) & missingRight[s + k]));
        }
        sum += leafValue[leafStart[t] - ((1 << d) - 1) + k];
      }
      out[r] = this.#base + sum * this.#scale;
    }
  }

  #predictLinked(x: Float64Array, n: number, out: Float64Array): void {
    const p = this.#p;
    const roots = this.#root;
    const feature = this.#feature;
    const threshold = this.#threshold;
    const missingRight = this.#missingRight;
    const left = this.#left;
    const right = this.#right;
    const leafValue = this.#leafValue;
    for (let r = 0; r < n; r++) {
      const off = r * p;
      let sum = 0;
      for (let t = 0; t < roots.length; t++) {
        let k = roots[t];
        while (k >= 0) {
          const v = x[off + feature[k]];
          const th = threshold[k];
          k = v < th ? left[k] : v >= th ? right[k] : missingRight[k] ? right[k] : left[k];
        }
        sum += leafValue[~k];
      }
      out[r] = this.#base + sum * this.#scale;
    }
  }

  #layOutComplete(data: TreeEnsembleData): void {
    for (let t = 0; t < this.#trees; t++) {
      const d = this.#depth[t];
      const s = this.#splitStart[t];
      const leaves = this.#leafStart[t] - ((1 << d) - 1);
      const place = (k: number, slot: number, level: number): void => {
        if (data.feature[k] < 0) {
          // Copy the leaf to every bottom slot below `slot`; the padding splits above them
          // keep feature 0 and threshold 0 and may route either way.
          let first = slot;
          for (let l = level; l < d; l++) first = 2 * first + 1;
          this.#leafValue.fill(data.value[k], leaves + first, leaves + first + (1 << (d - level)));
          return;
        }
        this.#feature[s + slot] = data.feature[k];
        this.#threshold[s + slot] = data.threshold[k];
        this.#missingRight[s + slot] = data.defaultLeft[k] === 1 ? 0 : 1;
        place(data.left[k], 2 * slot + 1, level + 1);
        place(data.right[k], 2 * slot + 2, level + 1);
      };
      place(data.treeOffsets[t], 0, 0);
    }
  }

  #layOutLinked(data: TreeEnsembleData): void {
    let nextSplit = 0;
    let nextLeaf = 0;
    const place = (k: number): number => {
      if (data.feature[k] < 0) {
        this.#leafValue[nextLeaf] = data.value[k];
        return ~nextLeaf++;
      }
      const s = nextSplit++;
      this.#feature[s] = data.feature[k];
      this.#threshold[s] = data.threshold[k];
      this.#missingRight[s] = data.defaultLeft[k] === 1 ? 0 : 1;
      this.#left[s] = place(data.left[k]);
      this.#right[s] = place(data.right[k]);
      return s;
    };
    for (let t = 0; t < this.#trees; t++) this.#root[t] = place(data.treeOffsets[t]);
  }
}

/** Edges on the longest root-to-leaf path below node k. */
function depthBelow(data: TreeEnsembleData, k: number): number {
  if (data.feature[k] < 0) return 0;
  return 1 + Math.max(depthBelow(data, data.left[k]), depthBelow(data, data.right[k]));
}
