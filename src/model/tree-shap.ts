import type { TreeEnsembleData } from './model.js';
import { TreeShapPath } from './tree-shap-path.js';
import { TreeShapTables, tableEntries } from './tree-shap-tables.js';

/** Default memory allowed for TreeSHAP leaf tables of one model (64 MiB: 300 full trees of depth 6). */
export const DEFAULT_MAX_TABLE_BYTES = 64 * 2 ** 20;

/** Rows explained together, tree by tree, so a tree's table stays in cache across rows. */
const ROW_BLOCK = 64;

/** How {@link TreeShap} computes each tree's values. */
export const TREE_SHAP_METHODS = ['auto', 'path'] as const;
export type TreeShapMethod = (typeof TREE_SHAP_METHODS)[number];

/** Options of {@link TreeShap}. */
export interface TreeShapOptions {
  /** Most bytes of precomputed leaf tables; trees past the budget use Algorithm 2. */
  readonly maxTableBytes?: number;
  /** 'auto' (default): leaf tables while they fit the budget; 'path': Algorithm 2 for every tree. */
  readonly method?: TreeShapMethod;
}

/**
 * Exact path-dependent TreeSHAP (Lundberg et al. 2018/2020) for a tree ensemble, in raw-score
 * space: the value of a feature set S is the cover-weighted expectation of the raw score when
 * the features in S take the row's values (a missing value takes the default child, as in
 * XGBoost's pred_contribs) and the others are averaged over the training distribution.
 *
 * Trees are explained from per-leaf tables ({@link TreeShapTables}, precomputed once here)
 * while they fit `maxTableBytes`; the remaining trees use Algorithm 2 ({@link TreeShapPath}).
 * Both are exact. `baseValue + Σ contributions = raw score` for every row.
 */
export class TreeShap {
  /** Expected raw score: baseScore + Σ (or mean) over trees of the cover-weighted mean leaf value. */
  readonly baseValue: number;
  /** Trees explained from leaf tables; the others use Algorithm 2. */
  readonly tableTrees: number;
  /** Memory held by the leaf tables. */
  readonly tableBytes: number;
  readonly #data: TreeEnsembleData;
  readonly #scale: number;
  readonly #tables: TreeShapTables;
  readonly #tableIndex: Int32Array;
  readonly #path: TreeShapPath;

  /** Precomputes what every row needs; `data` must pass checkTreeEnsemble. */
  constructor(data: TreeEnsembleData, options: TreeShapOptions = {}) {
    this.#data = data;
    const trees = data.treeOffsets.length - 1;
    this.#scale = data.aggregation === 'mean' ? 1 / trees : 1;
    let expected = 0;
    let maxDepth = 0;
    for (let t = 0; t < trees; t++) {
      expected += expectedValue(data, data.treeOffsets[t]);
      maxDepth = Math.max(maxDepth, treeDepth(data, data.treeOffsets[t]));
    }
    this.baseValue = data.baseScore + expected * this.#scale;
    // Greedy in tree order: each tree takes a table while the budget lasts.
    let budget = options.method === 'path' ? 0 : Math.floor((options.maxTableBytes ?? DEFAULT_MAX_TABLE_BYTES) / 8);
    const withTable: number[] = [];
    this.#tableIndex = new Int32Array(trees).fill(-1);
    for (let t = 0; t < trees && budget > 0; t++) {
      const need = tableEntries(data, t);
      if (need > budget) continue;
      budget -= need;
      this.#tableIndex[t] = withTable.length;
      withTable.push(t);
    }
    this.#tables = new TreeShapTables(data, withTable, this.#scale);
    this.tableTrees = withTable.length;
    this.tableBytes = this.#tables.entries * 8;
    this.#path = new TreeShapPath(data, maxDepth);
  }

  /**
   * Writes the contributions of the n rows of `x` (row-major, NaN for missing) into `phi`
   * (row-major n × p, overwritten). Allocation-free.
   */
  explainInto(x: Float64Array, n: number, phi: Float64Array): void {
    const p = this.#data.featureNames.length;
    const trees = this.#tableIndex.length;
    phi.fill(0, 0, n * p);
    for (let r0 = 0; r0 < n; r0 += ROW_BLOCK) {
      const r1 = Math.min(n, r0 + ROW_BLOCK);
      for (let t = 0; t < trees; t++) {
        const i = this.#tableIndex[t];
        if (i >= 0) {
          this.#tables.addTree(i, x, p, r0, r1, phi);
        } else {
          for (let r = r0; r < r1; r++) this.#path.addTree(t, x, r * p, phi, r * p, this.#scale);
        }
      }
    }
  }
}

/** Cover-weighted mean leaf value of the subtree at k (the tree's value of the empty set). */
function expectedValue(data: TreeEnsembleData, k: number): number {
  if (data.feature[k] < 0) return data.value[k];
  const l = data.left[k];
  const r = data.right[k];
  return (data.cover[l] * expectedValue(data, l) + data.cover[r] * expectedValue(data, r)) / data.cover[k];
}

/** Edges on the longest root-to-leaf path of the subtree at k. */
function treeDepth(data: TreeEnsembleData, k: number): number {
  if (data.feature[k] < 0) return 0;
  return 1 + Math.max(treeDepth(data, data.left[k]), treeDepth(data, data.right[k]));
}
