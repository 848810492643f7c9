// Test support for the tree-ensemble tests (not exported from index.ts): seeded random
// ensembles, a naive reference traversal and brute-force Shapley values.
import { mulberry32 } from '../stats/index.js';
import type { TreeEnsembleData } from './model.js';

/** A seeded uniform [0, 1) generator (src/stats' mulberry32): tests are reproducible. */
export const seededRandom = mulberry32;

/** Shape of a {@link randomEnsemble}. */
export interface RandomEnsembleSpec {
  readonly seed: number;
  readonly trees: number;
  readonly maxDepth: number;
  /** Feature names (their count is p). */
  readonly features: readonly string[];
  /** Chance that a node above maxDepth becomes a leaf anyway (unbalanced trees). */
  readonly leafChance?: number;
  /** Candidate thresholds per feature; default: integers 0…9. */
  readonly thresholds?: readonly (readonly number[])[];
  /** Chance that a leaf child gets cover 0 (a branch no training row reached). */
  readonly zeroCoverChance?: number;
  readonly aggregation?: 'sum' | 'mean';
  readonly link?: 'logistic' | 'identity';
  readonly baseScore?: number;
  /** Every split gets one leaf child (a long path, many distinct features on it). */
  readonly spine?: boolean;
}

/**
 * A random forest-shaped ensemble. Node order inside each tree is shuffled (root first) so
 * that nothing may assume parents precede children or breadth-first layout.
 */
export function randomEnsemble(spec: RandomEnsembleSpec): TreeEnsembleData {
  const rand = seededRandom(spec.seed);
  const p = spec.features.length;
  const thresholds = spec.thresholds ?? spec.features.map(() => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const cols: { feature: number[]; threshold: number[]; left: number[]; right: number[]; defaultLeft: number[]; value: number[]; cover: number[] } = {
    feature: [], threshold: [], left: [], right: [], defaultLeft: [], value: [], cover: [],
  };
  const offsets = [0];
  for (let t = 0; t < spec.trees; t++) {
    // Build the tree as local nodes, then write it out in a shuffled order.
    type Node = { feature: number; threshold: number; left: number; right: number; defaultLeft: number; value: number; cover: number };
    const nodes: Node[] = [];
    const grow = (depth: number, cover: number): number => {
      const id = nodes.length;
      const leaf = depth >= spec.maxDepth || (depth > 0 && rand() < (spec.leafChance ?? 0.15));
      nodes.push({ feature: -1, threshold: 0, left: -1, right: -1, defaultLeft: 0, value: (rand() - 0.5) * 2, cover });
      if (leaf) return id;
      const f = Math.floor(rand() * p);
      const choices = thresholds[f];
      const share = 0.05 + 0.9 * rand();
      const node = nodes[id];
      node.feature = f;
      node.threshold = choices[Math.floor(rand() * choices.length)];
      node.defaultLeft = rand() < 0.5 ? 1 : 0;
      const leftCover = cover * share;
      const leafSide = spec.spine ? (rand() < 0.5 ? 'left' : 'right') : null;
      node.left = grow(leafSide === 'left' ? spec.maxDepth : depth + 1, leftCover);
      node.right = grow(leafSide === 'right' ? spec.maxDepth : depth + 1, cover - leftCover);
      return id;
    };
    grow(0, 50 + 100 * rand());
    if (spec.zeroCoverChance) {
      for (const n of nodes) if (n.feature === -1 && rand() < spec.zeroCoverChance) n.cover = 0;
    }
    const order = nodes.map((_, i) => i);
    for (let i = order.length - 1; i > 1; i--) {
      const j = 1 + Math.floor(rand() * i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const position = new Array<number>(nodes.length);
    order.forEach((local, pos) => (position[local] = pos));
    const base = offsets[offsets.length - 1];
    for (const local of order) {
      const n = nodes[local];
      cols.feature.push(n.feature);
      cols.threshold.push(n.threshold);
      cols.left.push(n.left >= 0 ? base + position[n.left] : -1);
      cols.right.push(n.right >= 0 ? base + position[n.right] : -1);
      cols.defaultLeft.push(n.defaultLeft);
      cols.value.push(n.value);
      cols.cover.push(n.cover);
    }
    offsets.push(base + nodes.length);
  }
  return {
    featureNames: [...spec.features],
    treeOffsets: Int32Array.from(offsets),
    feature: Int32Array.from(cols.feature),
    threshold: Float64Array.from(cols.threshold),
    left: Int32Array.from(cols.left),
    right: Int32Array.from(cols.right),
    defaultLeft: Uint8Array.from(cols.defaultLeft),
    value: Float64Array.from(cols.value),
    cover: Float64Array.from(cols.cover),
    baseScore: spec.baseScore ?? -0.25,
    aggregation: spec.aggregation ?? 'sum',
    link: spec.link ?? 'logistic',
  };
}

/** True when the row's value goes to the left child of node k (XGBoost's rule). */
function goesLeft(data: TreeEnsembleData, k: number, v: number): boolean {
  if (Number.isNaN(v)) return data.defaultLeft[k] === 1;
  return v < data.threshold[k];
}

/** Raw score by walking each tree from its root, one node at a time. */
export function naiveRaw(data: TreeEnsembleData, row: ArrayLike<number>): number {
  const trees = data.treeOffsets.length - 1;
  let sum = 0;
  for (let t = 0; t < trees; t++) {
    let k = data.treeOffsets[t];
    while (data.feature[k] >= 0) k = goesLeft(data, k, row[data.feature[k]]) ? data.left[k] : data.right[k];
    sum += data.value[k];
  }
  return data.baseScore + (data.aggregation === 'mean' ? sum / trees : sum);
}

/**
 * The path-dependent value function: expected raw score when the features in `inSet` take the
 * row's values (a missing value takes the default child) and every other split averages its
 * children weighted by cover.
 */
export function conditionalExpectation(data: TreeEnsembleData, row: ArrayLike<number>, inSet: (f: number) => boolean): number {
  const trees = data.treeOffsets.length - 1;
  const visit = (k: number): number => {
    const f = data.feature[k];
    if (f < 0) return data.value[k];
    const l = data.left[k];
    const r = data.right[k];
    if (inSet(f)) return visit(goesLeft(data, k, row[f]) ? l : r);
    return (data.cover[l] * visit(l) + data.cover[r] * visit(r)) / data.cover[k];
  };
  let sum = 0;
  for (let t = 0; t < trees; t++) sum += visit(data.treeOffsets[t]);
  return data.baseScore + (data.aggregation === 'mean' ? sum / trees : sum);
}

/**
 * Shapley values of the row under {@link conditionalExpectation}, by enumerating all 2^p
 * feature subsets: φ_i = Σ_{S∌i} |S|!(p−|S|−1)!/p! · (v(S∪{i}) − v(S)). Also returns v(∅).
 */
export function bruteForceShapley(data: TreeEnsembleData, row: ArrayLike<number>): { phi: number[]; base: number } {
  const p = data.featureNames.length;
  const subsets = 1 << p;
  const v = new Float64Array(subsets);
  for (let s = 0; s < subsets; s++) v[s] = conditionalExpectation(data, row, (f) => ((s >> f) & 1) === 1);
  const factorial = [1];
  for (let i = 1; i <= p; i++) factorial.push(factorial[i - 1] * i);
  const phi = new Array<number>(p).fill(0);
  for (let s = 0; s < subsets; s++) {
    let size = 0;
    for (let b = s; b; b &= b - 1) size++;
    if (size === p) continue;
    const weight = (factorial[size] * factorial[p - size - 1]) / factorial[p];
    for (let i = 0; i < p; i++) if (!((s >> i) & 1)) phi[i] += weight * (v[s | (1 << i)] - v[s]);
  }
  return { phi, base: v[0] };
}

/** The trees of `a` followed by those of `b` (same features; `a`'s base score and link). */
export function concatEnsembles(a: TreeEnsembleData, b: TreeEnsembleData): TreeEnsembleData {
  const shift = a.feature.length;
  const join = <T extends Int32Array | Float64Array | Uint8Array>(x: T, y: T, Type: { from(v: ArrayLike<number>): T }, add = 0): T =>
    Type.from([...Array.from(x), ...Array.from(y, (v) => (v < 0 ? v : v + add))]);
  return {
    ...a,
    treeOffsets: join(a.treeOffsets, b.treeOffsets.subarray(1), Int32Array, shift),
    feature: join(a.feature, b.feature, Int32Array),
    threshold: join(a.threshold, b.threshold, Float64Array),
    left: join(a.left, b.left, Int32Array, shift),
    right: join(a.right, b.right, Int32Array, shift),
    defaultLeft: join(a.defaultLeft, b.defaultLeft, Uint8Array),
    value: join(a.value, b.value, Float64Array),
    cover: join(a.cover, b.cover, Float64Array),
  };
}
