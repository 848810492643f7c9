import type { TreeEnsembleData } from './model.js';

/**
 * Most distinct features a leaf's path may have for its tree to get a table; a leaf with d of
 * them needs d·2^d numbers.
 */
export const MAX_TABLE_SLOTS = 16;

/**
 * Exact path-dependent TreeSHAP from per-leaf tables, in the manner of Fast TreeSHAP v2
 * (Yang 2021), with an O(d·2^d) precomputation per leaf instead of O(d·3^d).
 *
 * The value function of one leaf l, with U its path's d distinct features, is
 * v(S) = value · Π_{j∈S} o_j · Π_{j∈U∖S} z_j, where z_j is the product of cover ratios of the
 * path's splits on j and o_j ∈ {0,1} says whether the row follows all of them (a missing
 * value follows the default child). Only the set A = {j : o_j = 1} depends on the row, so
 *
 *   φ_s = value · (o_s − z_s) · Σ_{S ⊆ A∖{s}} w_d(|S|) · Π_{j ∈ U∖S∖{s}} z_j
 *
 * is a table lookup indexed by (A, s); w_d(k) = k!(d−1−k)!/d! are the Shapley weights. With
 * B = A∖{s} the sum factors as Z(U∖{s}∖B) · K(B), K(B) = Σ_m w_d(|B|−m) · e_m(z_B), where
 * e_m are elementary symmetric polynomials (all terms positive: no cancellation).
 *
 * Per row, one pass over the tree's split nodes in preorder gives every leaf its mask A
 * (a split's feature has the same slot in every leaf below it, because slots are numbered in
 * order of first appearance on the path), then each leaf adds d table entries: O(N + L·d).
 */
export class TreeShapTables {
  /** Total number of table entries (8 bytes each). */
  readonly entries: number;
  // Split nodes of all table trees, tree after tree, each tree's in preorder.
  readonly #splitFeature: Int32Array;
  readonly #splitThreshold: Float64Array;
  readonly #splitDefaultLeft: Uint8Array;
  /** Preorder position of the split within its tree; its left child is the next position. */
  readonly #splitSelf: Int32Array;
  readonly #splitRight: Int32Array;
  readonly #splitBit: Int32Array;
  // Leaves of all table trees.
  readonly #leafSelf: Int32Array;
  readonly #leafSlots: Int32Array;
  readonly #leafTable: Int32Array;
  readonly #leafFeatures: Int32Array;
  readonly #features: Int32Array;
  readonly #table: Float64Array;
  // Per table tree: ranges into the split and leaf arrays.
  readonly #splitStart: Int32Array;
  readonly #leafStart: Int32Array;
  /** Scratch: the mask reaching each node of the current tree, by preorder position. */
  readonly #mask: Int32Array;

  /**
   * Builds tables for the given trees of `data`; each leaf value is multiplied by `scale`
   * (1/T for averaged forests). Size the trees first with {@link tableEntries}.
   */
  constructor(data: TreeEnsembleData, trees: readonly number[], scale: number) {
    const b = new TableBuilder(data, scale);
    this.#splitStart = new Int32Array(trees.length + 1);
    this.#leafStart = new Int32Array(trees.length + 1);
    let maxNodes = 1;
    trees.forEach((t, i) => {
      b.addTree(t);
      this.#splitStart[i + 1] = b.splits.feature.length;
      this.#leafStart[i + 1] = b.leaves.self.length;
      maxNodes = Math.max(maxNodes, data.treeOffsets[t + 1] - data.treeOffsets[t]);
    });
    this.#splitFeature = Int32Array.from(b.splits.feature);
    this.#splitThreshold = Float64Array.from(b.splits.threshold);
    this.#splitDefaultLeft = Uint8Array.from(b.splits.defaultLeft);
    this.#splitSelf = Int32Array.from(b.splits.self);
    this.#splitRight = Int32Array.from(b.splits.right);
    this.#splitBit = Int32Array.from(b.splits.bit);
    this.#leafSelf = Int32Array.from(b.leaves.self);
    this.#leafSlots = Int32Array.from(b.leaves.slots);
    this.#leafTable = Int32Array.from(b.leaves.table);
    this.#leafFeatures = Int32Array.from(b.leaves.features);
    this.#features = Int32Array.from(b.features);
    this.#table = b.table();
    this.entries = this.#table.length;
    this.#mask = new Int32Array(maxNodes);
  }

  /** Adds the SHAP values of table tree `i` for the row at x[xOff…] into phi[phiOff…]. */
  addTree(i: number, x: Float64Array, xOff: number, phi: Float64Array, phiOff: number): void {
    const mask = this.#mask;
    const feature = this.#splitFeature;
    const threshold = this.#splitThreshold;
    const defaultLeft = this.#splitDefaultLeft;
    const self = this.#splitSelf;
    const right = this.#splitRight;
    const bit = this.#splitBit;
    mask[0] = -1;
    for (let k = this.#splitStart[i], end = this.#splitStart[i + 1]; k < end; k++) {
      const at = self[k];
      const m = mask[at];
      const v = x[xOff + feature[k]];
      const t = threshold[k];
      // XGBoost's rule: left when v < t; NaN (neither < nor >=) takes the default child.
      const goLeft = v < t || (!(v >= t) && defaultLeft[k] === 1);
      const cold = m & ~bit[k];
      mask[at + 1] = goLeft ? m : cold;
      mask[right[k]] = goLeft ? cold : m;
    }
    const table = this.#table;
    const features = this.#features;
    for (let j = this.#leafStart[i], end = this.#leafStart[i + 1]; j < end; j++) {
      const d = this.#leafSlots[j];
      const base = this.#leafTable[j] + (mask[this.#leafSelf[j]] & ((1 << d) - 1)) * d;
      const f = this.#leafFeatures[j];
      for (let s = 0; s < d; s++) phi[phiOff + features[f + s]] += table[base + s];
    }
  }
}

/**
 * Number of table entries tree `t` needs (Σ over leaves of d·2^d), or Infinity when a leaf's
 * path has more than {@link MAX_TABLE_SLOTS} distinct features.
 */
export function tableEntries(data: TreeEnsembleData, t: number): number {
  const count = new Int32Array(data.featureNames.length);
  let total = 0;
  const visit = (k: number, distinct: number): void => {
    const f = data.feature[k];
    if (f < 0) {
      total += distinct > MAX_TABLE_SLOTS ? Infinity : distinct * 2 ** distinct;
      return;
    }
    const grows = count[f] === 0 ? 1 : 0;
    count[f]++;
    visit(data.left[k], distinct + grows);
    visit(data.right[k], distinct + grows);
    count[f]--;
  };
  visit(data.treeOffsets[t], 0);
  return total;
}

/** Collects the flat arrays of {@link TreeShapTables}, one tree at a time. */
class TableBuilder {
  readonly splits = { feature: [] as number[], threshold: [] as number[], defaultLeft: [] as number[], self: [] as number[], right: [] as number[], bit: [] as number[] };
  readonly leaves = { self: [] as number[], slots: [] as number[], table: [] as number[], features: [] as number[] };
  readonly features: number[] = [];
  readonly #chunks: Float64Array[] = [];
  #entries = 0;
  readonly #data: TreeEnsembleData;
  readonly #scale: number;
  // Per recursion: the path's distinct features (in order of first appearance) and their z.
  readonly #slotFeature = new Int32Array(MAX_TABLE_SLOTS);
  readonly #slotZero = new Float64Array(MAX_TABLE_SLOTS);
  #next = 0;

  constructor(data: TreeEnsembleData, scale: number) {
    this.#data = data;
    this.#scale = scale;
  }

  addTree(t: number): void {
    this.#next = 0;
    this.#visit(this.#data.treeOffsets[t], 0);
  }

  /** All tables, concatenated in leaf order. */
  table(): Float64Array {
    const out = new Float64Array(this.#entries);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** Numbers node k (preorder) and its subtree; `d` slots are in use on the path to k. */
  #visit(k: number, d: number): void {
    const data = this.#data;
    const self = this.#next++;
    const f = data.feature[k];
    if (f < 0) {
      this.leaves.self.push(self);
      this.leaves.slots.push(d);
      this.leaves.table.push(this.#entries);
      this.leaves.features.push(this.features.length);
      for (let s = 0; s < d; s++) this.features.push(this.#slotFeature[s]);
      const chunk = leafTable(d, this.#slotZero, data.value[k] * this.#scale);
      this.#chunks.push(chunk);
      this.#entries += chunk.length;
      return;
    }
    let slot = this.#slotFeature.subarray(0, d).indexOf(f);
    const isNew = slot < 0;
    if (isNew) slot = d;
    const split = this.splits.feature.length;
    this.splits.feature.push(f);
    this.splits.threshold.push(data.threshold[k]);
    this.splits.defaultLeft.push(data.defaultLeft[k]);
    this.splits.self.push(self);
    this.splits.right.push(-1);
    this.splits.bit.push(1 << slot);
    const dChild = isNew ? d + 1 : d;
    const before = isNew ? 1 : this.#slotZero[slot];
    this.#slotFeature[slot] = f;
    this.#slotZero[slot] = (before * data.cover[data.left[k]]) / data.cover[k];
    this.#visit(data.left[k], dChild);
    this.splits.right[split] = this.#next;
    this.#slotZero[slot] = (before * data.cover[data.right[k]]) / data.cover[k];
    this.#visit(data.right[k], dChild);
    this.#slotZero[slot] = before;
  }
}

/**
 * The d·2^d table of one leaf: entry [A·d + s] is φ_s for the set A of slots the row follows
 * (see {@link TreeShapTables}). `z` holds the d slots' cover-ratio products.
 */
function leafTable(d: number, z: Float64Array, value: number): Float64Array {
  const size = 1 << d;
  const full = size - 1;
  // Z[T] = Π_{j∈T} z_j and e[B·(d+1) + m] = e_m(z_B), built from B without its lowest bit.
  const zProd = new Float64Array(size);
  const e = new Float64Array(size * (d + 1));
  zProd[0] = 1;
  e[0] = 1;
  for (let set = 1; set < size; set++) {
    const low = 31 - Math.clz32(set & -set);
    const rest = set & (set - 1);
    zProd[set] = zProd[rest] * z[low];
    for (let m = 0; m <= d; m++) {
      e[set * (d + 1) + m] = e[rest * (d + 1) + m] + (m > 0 ? z[low] * e[rest * (d + 1) + m - 1] : 0);
    }
  }
  // Shapley weights w_d(k) = k!(d−1−k)!/d!, by the recurrence w(k+1) = w(k)·(k+1)/(d−1−k).
  const w = new Float64Array(Math.max(d, 1));
  w[0] = 1 / d;
  for (let k = 0; k + 1 < d; k++) w[k + 1] = (w[k] * (k + 1)) / (d - 1 - k);
  // K(B) for |B| ≤ d−1 (B never holds every slot: it excludes s).
  const kSum = new Float64Array(size);
  for (let set = 0; set < full; set++) {
    const size_ = popcount(set);
    let acc = 0;
    for (let m = 0; m <= size_; m++) acc += w[size_ - m] * e[set * (d + 1) + m];
    kSum[set] = acc;
  }
  const out = new Float64Array(size * d);
  for (let a = 0; a < size; a++) {
    for (let s = 0; s < d; s++) {
      const sBit = 1 << s;
      const bSet = a & ~sBit;
      const factor = a & sBit ? 1 - z[s] : -z[s];
      out[a * d + s] = value * factor * zProd[full & ~sBit & ~bSet] * kSum[bSet];
    }
  }
  return out;
}

function popcount(v: number): number {
  let c = 0;
  for (let b = v; b !== 0; b &= b - 1) c++;
  return c;
}
