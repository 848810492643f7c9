import type { Dataset, Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';
import { quantile } from '../stats/index.js';

/** Format tag of a serialised reference profile. */
export const REFERENCE_PROFILE_FORMAT = 'riskgate-reference-profile/1';
/** File name of the profile inside a model artifact (an extra file of writeArtifact). */
export const REFERENCE_PROFILE_FILE = 'reference-profile.json';
/** Name under which predicted risk appears beside the features in profiles and reports. */
export const RISK_FEATURE = '__risk__';
/** Quantile bins per continuous feature: deciles. */
export const DEFAULT_BINS = 10;
/** Most reference values kept per continuous feature for the KS test (evenly spaced order statistics). */
export const DEFAULT_MAX_SAMPLE = 1000;

/**
 * Training distribution of one continuous input (or of the predicted risk). Bin k holds the
 * values v with edges[k−1] < v ≤ edges[k] (open ends); missing values are counted apart.
 */
export interface ContinuousProfile {
  readonly name: string;
  readonly kind: 'continuous';
  /** Rows seen, missing included. */
  readonly count: number;
  readonly missing: number;
  /** Strictly increasing interior cut points (the distinct deciles). */
  readonly edges: readonly number[];
  /** Non-missing values per bin: edges.length + 1 entries. */
  readonly binCounts: readonly number[];
  /** Observed range and moments of the non-missing values (null when all are missing). */
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  readonly sd: number | null;
  /** Sorted non-missing values (all of them, or evenly spaced order statistics when many). */
  readonly sample: readonly number[];
}

/** Training distribution of one binary or categorical input: counts per code. */
export interface CategoricalProfile {
  readonly name: string;
  readonly kind: 'binary' | 'categorical';
  readonly count: number;
  readonly missing: number;
  /** Every declared code (count 0 allowed) and any other value seen, ascending. */
  readonly categories: readonly { readonly value: number; readonly count: number }[];
}

/** The profile of one input. */
export type FeatureProfile = ContinuousProfile | CategoricalProfile;

/**
 * What "normal" inputs and predictions looked like when the model was trained: stored in the
 * artifact as `reference-profile.json`, compared with live windows by `compareToReference`.
 * Plain JSON (no NaN): safe to write with JSON.stringify and read back with parseReferenceProfile.
 */
export interface ReferenceProfile {
  readonly format: typeof REFERENCE_PROFILE_FORMAT;
  readonly signatureName: string;
  readonly dataset: { readonly id: string; readonly sha256: string; readonly n: number };
  /** One per signature feature, in signature (column) order. */
  readonly features: readonly FeatureProfile[];
  /** Predicted risk on the profiled rows. */
  readonly risk: ContinuousProfile;
}

/** Options of {@link buildReferenceProfile}. */
export interface ProfileOptions {
  readonly signature: Signature;
  /** The model's predicted probability for each row of the data set. */
  readonly risks: ArrayLike<number>;
  readonly bins?: number;
  readonly maxSample?: number;
}

/** Profiles one continuous column given as its values (NaN = missing). */
export function profileContinuous(name: string, values: ArrayLike<number>, bins = DEFAULT_BINS, maxSample = DEFAULT_MAX_SAMPLE): ContinuousProfile {
  const present = Float64Array.from(Array.from(values).filter((v) => !Number.isNaN(v))).sort();
  const m = present.length;
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const q = quantile(present, k / bins);
    // Ties collapse deciles (e.g. most ST depressions are 0): keep each cut point once.
    if (m > 0 && (edges.length === 0 || q > edges[edges.length - 1])) edges.push(q);
  }
  const binCounts = new Array<number>(edges.length + 1).fill(0);
  for (const v of present) binCounts[binIndex(edges, v)]++;
  const mean = m === 0 ? null : present.reduce((a, v) => a + v, 0) / m;
  const sd = mean === null ? null : Math.sqrt(present.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, m - 1));
  const step = Math.max(1, m / maxSample);
  const sample: number[] = [];
  for (let k = 0; k < Math.min(m, maxSample); k++) sample.push(present[Math.min(m - 1, Math.round(k * step))]);
  return {
    name, kind: 'continuous', count: values.length, missing: values.length - m, edges, binCounts,
    min: m === 0 ? null : present[0], max: m === 0 ? null : present[m - 1], mean, sd, sample,
  };
}

/** Index of the bin holding `v`: the first edge ≥ v, or the last bin (binary search). */
export function binIndex(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Profiles one coded column: counts of each declared code and of any other value seen. */
export function profileCategorical(name: string, kind: 'binary' | 'categorical', values: ArrayLike<number>, codes: readonly number[]): CategoricalProfile {
  const counts = new Map<number, number>(codes.map((c) => [c, 0]));
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const categories = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count }));
  return { name, kind, count: values.length, missing, categories };
}

/**
 * Builds the reference profile of a training (or validation) data set and the model's
 * predicted risks on it. Columns follow the signature; binary and categorical features get
 * code counts, continuous ones decile bins. Throws BAD_REQUEST when shapes disagree.
 */
export function buildReferenceProfile(data: Dataset, options: ProfileOptions): ReferenceProfile {
  const { signature, risks } = options;
  const p = data.features.length;
  if (signature.features.length !== p || signature.features.some((f, j) => f.name !== data.features[j])) {
    throw new RiskgateError('BAD_REQUEST', { reason: `data set columns (${data.features.join(', ')}) do not match signature ${signature.name}` });
  }
  if (risks.length !== data.n) throw new RiskgateError('BAD_REQUEST', { reason: `${risks.length} predicted risks for ${data.n} rows` });
  const features = signature.features.map((f, j): FeatureProfile => {
    const col = new Float64Array(data.n);
    for (let i = 0; i < data.n; i++) col[i] = data.x[i * p + j];
    if (f.kind === 'continuous' || !f.codes) return profileContinuous(f.name, col, options.bins, options.maxSample);
    return profileCategorical(f.name, f.kind === 'binary' ? 'binary' : 'categorical', col, f.codes.map((c) => c.value));
  });
  return {
    format: REFERENCE_PROFILE_FORMAT,
    signatureName: signature.name,
    dataset: { id: data.id, sha256: data.sha256, n: data.n },
    features,
    risk: profileContinuous(RISK_FEATURE, risks, options.bins, options.maxSample),
  };
}
