import type { TreeEnsembleData } from '../model/index.js';

/** Values of one node as the tree grower emits it. */
export interface NodeSpec {
  /** Split feature, or -1 for a leaf. */
  readonly feature: number;
  readonly threshold: number;
  readonly defaultLeft: boolean;
  /** Node output in raw-score units (meaningful at leaves; kept at inner nodes for inspection). */
  readonly value: number;
  readonly cover: number;
}

/**
 * Collects the nodes of several trees into the flat arrays of {@link TreeEnsembleData}.
 * Trees are added one at a time: `startTree`, then `addNode` (returns the absolute index),
 * then `link` to wire children. Growing arrays double, so building is amortised O(nodes).
 */
export class ForestBuilder {
  #n = 0;
  #feature = new Int32Array(64);
  #threshold = new Float64Array(64);
  #left = new Int32Array(64);
  #right = new Int32Array(64);
  #defaultLeft = new Uint8Array(64);
  #value = new Float64Array(64);
  #cover = new Float64Array(64);
  readonly #offsets: number[] = [];

  /** Number of trees started so far. */
  get treeCount(): number {
    return this.#offsets.length;
  }

  /** Begins a new tree; its first added node is its root. */
  startTree(): void {
    this.#offsets.push(this.#n);
  }

  /** Appends a node and returns its absolute index; children are set later with `link`. */
  addNode(spec: NodeSpec): number {
    if (this.#n === this.#feature.length) this.#grow();
    const k = this.#n++;
    this.#feature[k] = spec.feature;
    this.#threshold[k] = spec.feature < 0 ? 0 : spec.threshold;
    this.#defaultLeft[k] = spec.defaultLeft ? 1 : 0;
    this.#value[k] = spec.value;
    this.#cover[k] = spec.cover;
    this.#left[k] = -1;
    this.#right[k] = -1;
    return k;
  }

  /** Sets the children of inner node `k`. */
  link(k: number, left: number, right: number): void {
    this.#left[k] = left;
    this.#right[k] = right;
  }

  /**
   * Output of the tree rooted at `root` for the row starting at `x[offset]`, with the same
   * routing as {@link TreeEnsembleData} (left when x < threshold; NaN follows defaultLeft).
   * Used while training to update margins without building a model.
   */
  evaluate(root: number, x: Float64Array, offset: number): number {
    let k = root;
    while (this.#feature[k] >= 0) {
      const v = x[offset + this.#feature[k]];
      const goLeft = Number.isNaN(v) ? this.#defaultLeft[k] === 1 : v < this.#threshold[k];
      k = goLeft ? this.#left[k] : this.#right[k];
    }
    return this.#value[k];
  }

  /** The finished ensemble (arrays are copied to their exact length). */
  build(opts: Pick<TreeEnsembleData, 'featureNames' | 'baseScore' | 'aggregation' | 'link'>): TreeEnsembleData {
    const n = this.#n;
    return {
      featureNames: [...opts.featureNames],
      treeOffsets: Int32Array.from([...this.#offsets, n]),
      feature: this.#feature.slice(0, n),
      threshold: this.#threshold.slice(0, n),
      left: this.#left.slice(0, n),
      right: this.#right.slice(0, n),
      defaultLeft: this.#defaultLeft.slice(0, n),
      value: this.#value.slice(0, n),
      cover: this.#cover.slice(0, n),
      baseScore: opts.baseScore,
      aggregation: opts.aggregation,
      link: opts.link,
    };
  }

  #grow(): void {
    const size = this.#feature.length * 2;
    const grow = <A extends Int32Array | Float64Array | Uint8Array>(a: A, make: (n: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.#feature = grow(this.#feature, (s) => new Int32Array(s));
    this.#threshold = grow(this.#threshold, (s) => new Float64Array(s));
    this.#left = grow(this.#left, (s) => new Int32Array(s));
    this.#right = grow(this.#right, (s) => new Int32Array(s));
    this.#defaultLeft = grow(this.#defaultLeft, (s) => new Uint8Array(s));
    this.#value = grow(this.#value, (s) => new Float64Array(s));
    this.#cover = grow(this.#cover, (s) => new Float64Array(s));
  }
}
