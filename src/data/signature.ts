/** Kinds of input feature a signature can declare. */
export const FEATURE_KINDS = ['continuous', 'binary', 'categorical'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/**
 * One declared input of a model. Values are numbers; a missing value is `null` on the wire and
 * NaN inside feature matrices.
 */
export interface FeatureSpec {
  readonly name: string;
  readonly kind: FeatureKind;
  /** Human description from the data's documentation. */
  readonly description: string;
  /** Unit of measure (e.g. "mm Hg"), or undefined for unitless codes. */
  readonly unit?: string;
  /** Plausible clinical range, inclusive; values outside are rejected. Continuous features only. */
  readonly range?: { readonly min: number; readonly max: number };
  /** Allowed codes for binary (0/1) and categorical features, with their meaning. */
  readonly codes?: readonly { readonly value: number; readonly label: string }[];
  /** Whether a caller may send null for this feature. */
  readonly allowMissing: boolean;
}

/**
 * A model's input contract: the ordered features (the order of columns in feature matrices),
 * and the binary target. `permissive` signatures accept any finite number or null for every
 * feature (used for imported models that came without a signature).
 */
export interface Signature {
  readonly name: string;
  readonly features: readonly FeatureSpec[];
  readonly target: { readonly name: string; readonly description: string };
  readonly permissive?: boolean;
}

/** Names of a signature's features, in column order. */
export function featureNames(signature: Signature): string[] {
  return signature.features.map((f) => f.name);
}

/** True when two signatures declare the same features in the same order with the same rules. */
export function sameSignature(a: Signature, b: Signature): boolean {
  return JSON.stringify(a.features) === JSON.stringify(b.features) && Boolean(a.permissive) === Boolean(b.permissive);
}

/** A permissive signature over the given feature names: numbers or missing, taken as they are. */
export function permissiveSignature(names: readonly string[], name = 'permissive'): Signature {
  return {
    name,
    permissive: true,
    target: { name: 'target', description: 'binary outcome' },
    features: names.map((n) => ({ name: n, kind: 'continuous' as const, description: n, allowMissing: true })),
  };
}
