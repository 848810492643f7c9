import type { Signature } from '../data/index.js';
import type { Model } from '../model/index.js';
import type { ValidationSet } from './validation-set.js';

/** One fixed patient and the outputs the version gave it at registration. */
export interface SmokeCase {
  /** Input by feature name; null = missing. */
  readonly features: Readonly<Record<string, number | null>>;
  readonly expected: { readonly probability: number; readonly raw: number };
}

/** The smoke set stored with a version. */
export interface SmokeSet {
  /** Where the patients came from: a validation set id, or 'synthetic:<signature>'. */
  readonly source: string;
  readonly cases: readonly SmokeCase[];
}

/** A smoke case whose output differs from the stored one. */
export interface SmokeMismatch {
  readonly index: number;
  readonly expected: { readonly probability: number; readonly raw: number };
  readonly actual: { readonly probability: number; readonly raw: number };
}

/** Patients in a smoke set. */
export const SMOKE_SET_SIZE = 20;

/** Rows evenly spaced over the set, so both sites and both classes are represented. */
function pickRows(n: number, size: number): number[] {
  const k = Math.min(size, n);
  return Array.from({ length: k }, (_, i) => Math.floor((i * n) / k));
}

/** Deterministic plausible inputs from a signature (for signatures without validation data). */
function syntheticRows(signature: Signature, size: number): Float64Array {
  const p = signature.features.length;
  const x = new Float64Array(size * p);
  for (let i = 0; i < size; i++) {
    signature.features.forEach((f, j) => {
      const u = (((i * 7 + j * 3) % size) + 0.5) / size;
      let v: number;
      if (f.codes && f.codes.length) v = f.codes[(i + j) % f.codes.length].value;
      else if (f.range) v = f.range.min + (f.range.max - f.range.min) * u;
      else v = Math.round((u * 2 - 1) * 100) / 10;
      x[i * p + j] = f.allowMissing && (i + j) % 11 === 0 ? Number.NaN : v;
    });
  }
  return x;
}

/** Builds the smoke set of a model: ~20 fixed patients with its own outputs. */
export function buildSmokeSet(model: Model, vset: ValidationSet | null, size = SMOKE_SET_SIZE): SmokeSet {
  const names = model.signature.features.map((f) => f.name);
  const p = names.length;
  let x: Float64Array;
  let source: string;
  if (vset) {
    const rows = pickRows(vset.data.n, size);
    x = new Float64Array(rows.length * p);
    rows.forEach((r, i) => x.set(vset.data.x.subarray(r * p, r * p + p), i * p));
    source = vset.id;
  } else {
    x = syntheticRows(model.signature, size);
    source = `synthetic:${model.signature.name}`;
  }
  const n = x.length / p;
  const preds = model.predict(x, n);
  const cases = preds.map((pr, i) => ({
    features: Object.fromEntries(names.map((name, j) => [name, Number.isNaN(x[i * p + j]) ? null : x[i * p + j]])),
    expected: { probability: pr.probability, raw: pr.raw },
  }));
  return { source, cases };
}

/**
 * Runs a model on a smoke set and lists every case whose probability or raw score is not
 * bit-for-bit the stored one (a reloaded artifact must reproduce itself exactly).
 */
export function checkSmokeSet(model: Model, smoke: SmokeSet): SmokeMismatch[] {
  const names = model.signature.features.map((f) => f.name);
  const p = names.length;
  const n = smoke.cases.length;
  const x = new Float64Array(n * p);
  smoke.cases.forEach((c, i) => names.forEach((name, j) => (x[i * p + j] = c.features[name] ?? Number.NaN)));
  const preds = n ? model.predict(x, n) : [];
  const out: SmokeMismatch[] = [];
  preds.forEach((pr, i) => {
    const e = smoke.cases[i].expected;
    if (!Object.is(pr.probability, e.probability) || !Object.is(pr.raw, e.raw)) {
      out.push({ index: i, expected: e, actual: { probability: pr.probability, raw: pr.raw } });
    }
  });
  return out;
}
