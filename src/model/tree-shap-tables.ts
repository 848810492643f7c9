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
  /** 1 when a missing value takes the right child. */
  readonly #splitMissingRight: Int32Array;
  /** Preorder position of the split within its tree; its left child is the next position. */
  readonly #splitSelf: Int32Array;
  readonly #splitRight: Int32Array;
  readonly #splitBit: Int32Array;
  // Units of all table trees: a unit is a lone leaf, or two sibling leaves sharing one table
  // (same path features; their masks differ only in the parent split's bit), which halves
  // the additions per row.
  /** Preorder position of the (left) leaf, and of the right leaf of a pair (else the same). */
  readonly #unitLeft: Int32Array;
  readonly #unitRight: Int32Array;
  /** 1 for a pair, 0 for a lone leaf; and the slot of a pair's parent split. */
  readonly #unitPair: Int32Array;
  readonly #unitSlot: Int32Array;
  readonly #unitSlots: Int32Array;
  readonly #unitTable: Int32Array;
  readonly #unitFeatures: Int32Array;
  readonly #features: Int32Array;
  readonly #table: Float64Array;
  // Per table tree: ranges into the split and leaf arrays.
  readonly #splitStart: Int32Array;
  readonly #unitStart: Int32Array;
  /** Scratch: the mask reaching each node of the current tree, by preorder position. */
  readonly #mask: Int32Array;

  /**
   * Builds tables for the given trees of `data`; each leaf value is multiplied by `scale`
   * (1/T for averaged forests). Size the trees first with {@link tableEntries}.
   */
  constructor(data: TreeEnsembleData, trees: readonly number[], scale: number) {
    const b = new TableBuilder(data, scale);
    this.#splitStart = new Int32Array(trees.length + 1);
    this.#unitStart = new Int32Array(trees.length + 1);
    let maxNodes = 1;
    trees.forEach((t, i) => {
      b.addTree(t);
      this.#splitStart[i + 1] = b.splits.feature.length;
      this.#unitStart[i + 1] = b.units.left.length;
      maxNodes = Math.max(maxNodes, data.treeOffsets[t + 1] - data.treeOffsets[t]);
    });
    this.#splitFeature = Int32Array.from(b.splits.feature);
    this.#splitThreshold = Float64Array.from(b.splits.threshold);
    this.#splitMissingRight = Int32Array.from(b.splits.missingRight);
    this.#splitSelf = Int32Array.from(b.splits.self);
    this.#splitRight = Int32Array.from(b.splits.right);
    this.#splitBit = Int32Array.from(b.splits.bit);
    this.#unitLeft = Int32Array.from(b.units.left);
    this.#unitRight = Int32Array.from(b.units.right);
    this.#unitPair = Int32Array.from(b.units.pair);
    this.#unitSlot = Int32Array.from(b.units.slot);
    this.#unitSlots = Int32Array.from(b.units.slots);
    this.#unitTable = Int32Array.from(b.units.table);
    this.#unitFeatures = Int32Array.from(b.units.features);
    this.#features = Int32Array.from(b.features);
    this.#table = b.table();
    this.entries = this.#table.length;
    this.#mask = new Int32Array(maxNodes);
  }

  /**
   * Adds the SHAP values of table tree `i` for rows r0…r1−1 of x (p values each) into phi
   * (p per row). Allocation-free and free of data-dependent branches on the split path.
   */
  addTree(i: number, x: Float64Array, p: number, r0: number, r1: number, phi: Float64Array): void {
    const mask = this.#mask;
    const feature = this.#splitFeature;
    const threshold = this.#splitThreshold;
    const missingRight = this.#splitMissingRight;
    const self = this.#splitSelf;
    const right = this.#splitRight;
    const bit = this.#splitBit;
    const table = this.#table;
    const features = this.#features;
    const unitLeft = this.#unitLeft;
    const unitRight = this.#unitRight;
    const unitPair = this.#unitPair;
    const unitSlot = this.#unitSlot;
    const unitSlots = this.#unitSlots;
    const unitTable = this.#unitTable;
    const unitFeatures = this.#unitFeatures;
    const s0 = this.#splitStart[i];
    const s1 = this.#splitStart[i + 1];
    const u0 = this.#unitStart[i];
    const u1 = this.#unitStart[i + 1];
    for (let r = r0; r < r1; r++) {
      const xOff = r * p;
      mask[0] = -1;
      for (let k = s0; k < s1; k++) {
        const at = self[k];
        const m = mask[at];
        const v = x[xOff + feature[k]];
        const t = threshold[k];
        // XGBoost's rule: right when v >= t; NaN fails both tests and goes right only
        // where that is the default. The child not taken loses the split's slot bit.
        const goRight = +(v >= t) | (+!(v < t) & missingRight[k]);
        const cold = ~bit[k];
        mask[at + 1] = m & (cold | (goRight - 1));
        mask[right[k]] = m & (cold | -goRight);
      }
      const phiOff = r * p;
      for (let j = u0; j < u1; j++) {
        const d = unitSlots[j];
        const pair = unitPair[j];
        // A lone leaf's row is its mask; a pair's is (left mask, right leaf's bit of the split).
        const row = ((mask[unitLeft[j]] & ((1 << d) - 1)) << pair) | ((mask[unitRight[j]] >> unitSlot[j]) & pair);
        const base = unitTable[j] + row * d;
        const f = unitFeatures[j];
        for (let s = 0; s < d; s++) phi[phiOff + features[f + s]] += table[base + s];
      }
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
  readonly splits = { feature: [] as number[], threshold: [] as number[], missingRight: [] as number[], self: [] as number[], right: [] as number[], bit: [] as number[] };
  readonly units = {
    left: [] as number[], right: [] as number[], pair: [] as number[], slot: [] as number[],
    slots: [] as number[], table: [] as number[], features: [] as number[],
  };
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
      this.#addUnit(self, self, 0, d, leafTable(d, this.#slotZero, data.value[k] * this.#scale));
      return;
    }
    let slot = this.#slotFeature.subarray(0, d).indexOf(f);
    const isNew = slot < 0;
    if (isNew) slot = d;
    const split = this.splits.feature.length;
    this.splits.feature.push(f);
    this.splits.threshold.push(data.threshold[k]);
    this.splits.missingRight.push(data.defaultLeft[k] === 1 ? 0 : 1);
    this.splits.self.push(self);
    this.splits.right.push(-1);
    this.splits.bit.push(1 << slot);
    const dChild = isNew ? d + 1 : d;
    const before = isNew ? 1 : this.#slotZero[slot];
    this.#slotFeature[slot] = f;
    const l = data.left[k];
    const r = data.right[k];
    if (data.feature[l] < 0 && data.feature[r] < 0) {
      // Sibling leaves: one pair table, rows indexed by (left mask, right leaf's split bit).
      this.#slotZero[slot] = (before * data.cover[l]) / data.cover[k];
      const left = leafTable(dChild, this.#slotZero, data.value[l] * this.#scale);
      this.#slotZero[slot] = (before * data.cover[r]) / data.cover[k];
      const right = leafTable(dChild, this.#slotZero, data.value[r] * this.#scale);
      this.#slotZero[slot] = before;
      const leftSelf = this.#next++;
      this.splits.right[split] = this.#next++;
      this.#addUnit(leftSelf, leftSelf + 1, slot, dChild, pairTable(dChild, slot, left, right));
      return;
    }
    this.#slotZero[slot] = (before * data.cover[l]) / data.cover[k];
    this.#visit(l, dChild);
    this.splits.right[split] = this.#next;
    this.#slotZero[slot] = (before * data.cover[r]) / data.cover[k];
    this.#visit(r, dChild);
    this.#slotZero[slot] = before;
  }

  /** Records a lone leaf (left === right) or a sibling pair with its table. */
  #addUnit(left: number, right: number, slot: number, d: number, table: Float64Array): void {
    this.units.left.push(left);
    this.units.right.push(right);
    this.units.pair.push(left === right ? 0 : 1);
    this.units.slot.push(slot);
    this.units.slots.push(d);
    this.units.table.push(this.#entries);
    this.units.features.push(this.features.length);
    for (let s = 0; s < d; s++) this.features.push(this.#slotFeature[s]);
    this.#chunks.push(table);
    this.#entries += table.length;
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

/**
 * The table of two sibling leaves (d slots, parent split on `slot`): row 2·mL + bR holds
 * left[mL] + right[mR], where mL is the left leaf's mask and bR the right leaf's bit of the
 * split; the right leaf's mask is mL with that bit set (bR = 1) or cleared (bR = 0).
 */
function pairTable(d: number, slot: number, left: Float64Array, right: Float64Array): Float64Array {
  const size = 1 << d;
  const bit = 1 << slot;
  const out = new Float64Array(2 * size * d);
  for (let mL = 0; mL < size; mL++) {
    for (let bR = 0; bR < 2; bR++) {
      const mR = bR ? mL | bit : mL & ~bit;
      const row = (2 * mL + bR) * d;
      for (let s = 0; s < d; s++) out[row + s] = left[mL * d + s] + right[mR * d + s];
    }
  }
  return out;
}

function popcount(v: number): number {
  let c = 0;
  for (let b = v; b !== 0; b &= b - 1) c++;
  return c;
}
