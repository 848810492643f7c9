import type { ForestBuilder } from './forest-builder.js';
import type { Random } from './random.js';

/**
 * Settings of one tree, in XGBoost's terms. A random forest's Gini tree is the special case
 * g = −y·w, h = w, λ = 0, η = 1: the gain G_L²/H_L + G_R²/H_R − G²/H is then the node's
 * weighted sum-of-squares reduction, which is exactly half its weighted Gini reduction
 * (Gini = 2p(1−p)), and the leaf value −G/H is the class-1 fraction.
 */
export interface TreeOptions {
  /** Deepest level that may still split (root is level 0); Infinity for unlimited. */
  readonly maxDepth: number;
  /** Minimum sum of hessians in each child (XGBoost's min_child_weight). */
  readonly minChildWeight: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  readonly lambda: number;
  /** Minimum gain a split must exceed (XGBoost's gamma / min_split_loss). */
  readonly gamma: number;
  /** Multiplier of leaf values (XGBoost's eta; 1 for forests). */
  readonly learningRate: number;
  /** Features examined at each node; more are examined only if none of them can split. */
  readonly featuresPerSplit: number;
  /**
   * Where a split sends missing values when no training row at the node lacks the feature:
   * 'xgboost' does what XGBoost's exact method does (left when the feature is never missing
   * in the training data, which only XGBoost's backward search then covers; right otherwise,
   * the forward search winning the tie); 'heavier' sends them to the child with more weight.
   */
  readonly unseenMissing: 'xgboost' | 'heavier';
}

/** Inputs of {@link growTree}. `sorted[j]` lists the tree's rows with a value for feature j, by value. */
export interface TreeInput {
  readonly x: Float64Array;
  readonly p: number;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  /** Rows in the tree's sample (each once; weights are folded into grad and hess). */
  readonly rows: Int32Array;
  readonly sorted: readonly Int32Array[];
  /** Features this tree may split on (XGBoost's colsample_bytree subset). */
  readonly features: Int32Array;
  /** 1 for features missing in at least one row of the whole training set. */
  readonly everMissing: Uint8Array;
}

/** Gains at or below this are treated as no improvement (XGBoost's kRtEps). */
const MIN_GAIN = 1e-6;

interface Split {
  gain: number;
  feature: number;
  threshold: number;
  defaultLeft: boolean;
}

/** Structure score of a node: G²/(H+λ) (XGBoost's CalcGain). */
function score(g: number, h: number, lambda: number): number {
  return (g * g) / (h + lambda);
}

/**
 * Best split of one feature by exact greedy enumeration over its sorted values, with
 * XGBoost's sparsity-aware rule: the rows missing this feature are tried on the left and on
 * the right of every candidate threshold and go where the gain is larger. With no missing
 * rows, the default direction follows `opt.unseenMissing`. Exact gain ties go to the lower
 * feature index, then to the first threshold found (as XGBoost's SplitEntry::Update).
 */
function bestSplitOf(j: number, input: TreeInput, nRows: number, order: Int32Array, gSum: number, hSum: number, opt: TreeOptions, best: Split): void {
  const { x, p, grad, hess } = input;
  let gPresent = 0;
  let hPresent = 0;
  for (let k = 0; k < order.length; k++) {
    gPresent += grad[order[k]];
    hPresent += hess[order[k]];
  }
  const gMiss = gSum - gPresent;
  const hMiss = hSum - hPresent;
  const hasMissing = order.length < nRows;
  const parent = score(gSum, hSum, opt.lambda);
  let gl = 0;
  let hl = 0;
  for (let k = 0; k < order.length - 1; k++) {
    const r = order[k];
    gl += grad[r];
    hl += hess[r];
    const a = x[r * p + j];
    const b = x[order[k + 1] * p + j];
    if (a === b) continue; // only split between distinct values
    for (let side = 0; side < (hasMissing ? 2 : 1); side++) {
      // side 0: missing rows go right; side 1: missing rows go left.
      const gL = side === 0 ? gl : gl + gMiss;
      const hL = side === 0 ? hl : hl + hMiss;
      const hR = hSum - hL;
      if (hL < opt.minChildWeight || hR < opt.minChildWeight) continue;
      const gain = score(gL, hL, opt.lambda) + score(gSum - gL, hR, opt.lambda) - parent;
      if (gain > best.gain || (gain === best.gain && j < best.feature)) {
        best.gain = gain;
        best.feature = j;
        // Midpoint, as XGBoost's exact method; guard against rounding onto `a` for adjacent doubles.
        const mid = a + (b - a) / 2;
        best.threshold = mid > a ? mid : b;
        best.defaultLeft = hasMissing ? side === 1 : opt.unseenMissing === 'heavier' ? hL >= hR : input.everMissing[j] === 0;
      }
    }
  }
  // As XGBoost's exact method, also try missing rows alone against all present rows.
  if (hasMissing && order.length > 0 && hMiss >= opt.minChildWeight && hPresent >= opt.minChildWeight) {
    const gain = score(gMiss, hMiss, opt.lambda) + score(gPresent, hPresent, opt.lambda) - parent;
    if (gain > best.gain || (gain === best.gain && j < best.feature)) {
      // Present rows go right (x ≥ their minimum); missing rows take the default, left.
      best.gain = gain;
      best.feature = j;
      best.threshold = x[order[0] * p + j];
      best.defaultLeft = true;
    }
  }
}

/**
 * Grows one tree depth-first into `forest` (which must have had `startTree` called) and
 * returns its root index. Deterministic given `rng`'s state.
 */
export function growTree(forest: ForestBuilder, input: TreeInput, opt: TreeOptions, rng: Random): number {
  const side = new Uint8Array(input.grad.length);
  const featureOrder = Int32Array.from(input.features);
  const mayGrow = (depth: number, h: number, rows: number) => depth < opt.maxDepth && h >= 2 * opt.minChildWeight && rows > 1;
  // `sorted` is null for a node decided to be a leaf by its parent (depth, weight or size).
  const grow = (rows: Int32Array, sorted: readonly Int32Array[] | null, depth: number): number => {
    let gSum = 0;
    let hSum = 0;
    for (let k = 0; k < rows.length; k++) {
      gSum += input.grad[rows[k]];
      hSum += input.hess[rows[k]];
    }
    const node = {
      feature: -1,
      threshold: 0,
      defaultLeft: true,
      value: (-gSum / (hSum + opt.lambda)) * opt.learningRate,
      cover: hSum,
    };
    const best: Split = { gain: Math.max(opt.gamma, MIN_GAIN), feature: -1, threshold: 0, defaultLeft: true };
    if (sorted !== null) {
      // Visit features in random order; stop after featuresPerSplit once a split is found.
      const order = rng.shuffle(featureOrder.slice());
      for (let k = 0; k < order.length; k++) {
        if (k >= opt.featuresPerSplit && best.feature >= 0) break;
        bestSplitOf(order[k], input, rows.length, sorted[order[k]], gSum, hSum, opt, best);
      }
    }
    if (best.feature < 0 || sorted === null) return forest.addNode(node);
    const k = forest.addNode({ ...node, feature: best.feature, threshold: best.threshold, defaultLeft: best.defaultLeft });
    const { x, p } = input;
    let nLeft = 0;
    let hLeft = 0;
    for (let i = 0; i < rows.length; i++) {
      const v = x[rows[i] * p + best.feature];
      const goLeft = Number.isNaN(v) ? best.defaultLeft : v < best.threshold;
      side[rows[i]] = goLeft ? 1 : 0;
      if (goLeft) {
        nLeft++;
        hLeft += input.hess[rows[i]];
      }
    }
    const [leftRows, rightRows] = partition(rows, side, nLeft);
    // Sorted lists are only carried into children that may split again (most of the cost).
    const leftGrows = mayGrow(depth + 1, hLeft, nLeft);
    const rightGrows = mayGrow(depth + 1, hSum - hLeft, rows.length - nLeft);
    const leftSorted: Int32Array[] | null = leftGrows ? [] : null;
    const rightSorted: Int32Array[] | null = rightGrows ? [] : null;
    if (leftGrows || rightGrows) {
      for (let j = 0; j < sorted.length; j++) {
        let m = 0;
        for (let i = 0; i < sorted[j].length; i++) m += side[sorted[j][i]];
        const [l, r] = partition(sorted[j], side, m);
        leftSorted?.push(l);
        rightSorted?.push(r);
      }
    }
    const l = grow(leftRows, leftSorted, depth + 1);
    const r = grow(rightRows, rightSorted, depth + 1);
    forest.link(k, l, r);
    return k;
  };
  let hRoot = 0;
  for (let k = 0; k < input.rows.length; k++) hRoot += input.hess[input.rows[k]];
  return grow(input.rows, mayGrow(0, hRoot, input.rows.length) ? input.sorted : null, 0);
}

/** Stable split of `rows` by `side[row]` (1 = left), given the number of left rows. */
function partition(rows: Int32Array, side: Uint8Array, nLeft: number): [Int32Array, Int32Array] {
  const left = new Int32Array(nLeft);
  const right = new Int32Array(rows.length - nLeft);
  let a = 0;
  let b = 0;
  for (let i = 0; i < rows.length; i++) {
    if (side[rows[i]]) left[a++] = rows[i];
    else right[b++] = rows[i];
  }
  return [left, right];
}

/**
 * For each feature, the rows 0…n−1 that have a value for it, sorted by that value (ties by
 * row index, for determinism). Computed once per training set; {@link restrictSorted} then
 * narrows it to each tree's sample in linear time.
 */
export function presortFeatures(x: Float64Array, p: number, n: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let j = 0; j < p; j++) {
    const present = Int32Array.from({ length: n }, (_, r) => r).filter((r) => !Number.isNaN(x[r * p + j]));
    present.sort((a, b) => x[a * p + j] - x[b * p + j] || a - b);
    out.push(present);
  }
  return out;
}

/** Flags of the features that some of the n presorted rows lack (see TreeInput.everMissing). */
export function missingFeatures(presorted: readonly Int32Array[], n: number): Uint8Array {
  return Uint8Array.from(presorted, (list) => (list.length < n ? 1 : 0));
}

/**
 * The presorted lists kept only for rows with `member[row]` set; features outside
 * `features` get empty lists (they are never split on in this tree).
 */
export function restrictSorted(presorted: readonly Int32Array[], member: Uint8Array, features: Int32Array): Int32Array[] {
  const use = new Uint8Array(presorted.length);
  for (const j of features) use[j] = 1;
  return presorted.map((list, j) => {
    if (!use[j]) return new Int32Array(0);
    let m = 0;
    for (let i = 0; i < list.length; i++) m += member[list[i]];
    const out = new Int32Array(m);
    for (let i = 0, k = 0; i < list.length; i++) if (member[list[i]]) out[k++] = list[i];
    return out;
  });
}
