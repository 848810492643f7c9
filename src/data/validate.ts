import type { FeatureSpec, Signature } from './signature.js';

/** Stable codes of input problems; clients may switch on them. */
export const PROBLEM_CODES = [
  'NOT_AN_OBJECT',
  'UNKNOWN_FIELD',
  'WRONG_TYPE',
  'OUT_OF_RANGE',
  'CODE_NOT_ALLOWED',
  'REQUIRED_MISSING',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/**
 * One thing wrong with an input. `field` is the offending field name ('' when the input as a
 * whole is wrong). OUT_OF_RANGE carries `range` and `unit`; CODE_NOT_ALLOWED carries `allowed`.
 */
export interface Problem {
  readonly field: string;
  readonly code: ProblemCode;
  readonly message: string;
  readonly range?: { readonly min: number; readonly max: number };
  readonly unit?: string;
  readonly allowed?: readonly { readonly value: number; readonly label: string }[];
}

/** The outcome of {@link validate}: a row ready for a model, or every problem found. */
export type ValidationResult =
  | { readonly ok: true; readonly row: Float64Array }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const NOT_AN_OBJECT_MESSAGE = 'The input must be a JSON object mapping feature names to numbers or null.';
const UNREADABLE_MESSAGE = 'The input could not be read as a plain object.';
/** Longest excerpt of a received string echoed back in a message. */
const MAX_ECHO = 40;

/**
 * Describes a received value for a message without calling anything on it: a getter or a
 * hostile toString must not be able to throw from here, and the echo stays short.
 */
function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string': {
      const s = v.length > MAX_ECHO ? `${v.slice(0, MAX_ECHO)}…` : v;
      return `the string ${JSON.stringify(s)}`;
    }
    case 'number':
      return Number.isNaN(v) ? 'NaN' : String(v);
    case 'boolean':
      return `the boolean ${v}`;
    case 'bigint':
      return 'a bigint';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof v}`;
  }
}

function withUnit(v: number, unit: string | undefined): string {
  return unit ? `${v} ${unit}` : String(v);
}

function codesText(spec: FeatureSpec): string {
  return (spec.codes ?? []).map((c) => `${c.value} (${c.label})`).join(', ');
}

/**
 * Checks one value against its feature. Returns the number to put in the row (NaN for a
 * missing value) or a problem. `undefined` (an absent field) counts as null.
 */
function checkValue(spec: FeatureSpec, v: unknown, permissive: boolean): number | Problem {
  const field = spec.name;
  if (v === null || v === undefined) {
    if (spec.allowMissing || permissive) return Number.NaN;
    return { field, code: 'REQUIRED_MISSING', message: `"${field}" is required and may not be null or absent.` };
  }
  // Strict: numeric strings are wrong too, so a caller's serialisation bug shows up at once.
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    return { field, code: 'WRONG_TYPE', message: `"${field}" must be a finite number${spec.allowMissing || permissive ? ' or null' : ''}; got ${describeValue(v)}.` };
  }
  if (permissive) return v;
  if (spec.kind === 'continuous') {
    const r = spec.range;
    if (r && !(v >= r.min && v <= r.max)) {
      return {
        field, code: 'OUT_OF_RANGE', range: { min: r.min, max: r.max }, ...(spec.unit ? { unit: spec.unit } : {}),
        message: `"${field}" is ${withUnit(v, spec.unit)}, outside the plausible range ${r.min}–${withUnit(r.max, spec.unit)}${spec.allowMissing ? '; send null if it was not measured' : ''}.`,
      };
    }
    return v;
  }
  const codes = spec.codes ?? [];
  if (!codes.some((c) => c.value === v)) {
    return {
      field, code: 'CODE_NOT_ALLOWED', allowed: codes.map((c) => ({ value: c.value, label: c.label })),
      message: `"${field}" is ${v}, which is not an allowed code; use one of ${codesText(spec)}.`,
    };
  }
  return v;
}

/** True for `{…}` literals and null-prototype objects; false for arrays, class instances, boxed values. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Feature names per signature object, built once: validate runs on every request. */
const knownNames = new WeakMap<Signature, ReadonlySet<string>>();

function namesOf(signature: Signature): ReadonlySet<string> {
  let names = knownNames.get(signature);
  if (!names) knownNames.set(signature, (names = new Set(signature.features.map((f) => f.name))));
  return names;
}

function validateObject(input: Record<string, unknown>, signature: Signature): ValidationResult {
  const permissive = Boolean(signature.permissive);
  const known = namesOf(signature);
  const problems: Problem[] = [];
  for (const key of Object.keys(input)) {
    if (!known.has(key)) {
      problems.push({ field: key, code: 'UNKNOWN_FIELD', message: `"${key}" is not a feature of ${signature.name}; expected only ${[...known].join(', ')}.` });
    }
  }
  const row = new Float64Array(signature.features.length);
  signature.features.forEach((spec, j) => {
    const v = Object.prototype.hasOwnProperty.call(input, spec.name) ? input[spec.name] : undefined;
    const checked = checkValue(spec, v, permissive);
    if (typeof checked === 'number') row[j] = checked;
    else problems.push(checked);
  });
  return problems.length === 0 ? { ok: true, row } : { ok: false, problems };
}

/**
 * Checks one input (e.g. a parsed JSON body) against a signature and returns either the row in
 * signature order (NaN = missing) or every problem at once. Never throws, whatever `input` is.
 *
 * Rules: the input is a plain object; every key is a feature; values are finite numbers
 * (numeric strings are refused); `null` or an absent field means "not measured" and is allowed
 * only where the feature allows missing; continuous values lie in the plausible range; binary
 * and categorical values are one of the declared codes. A permissive signature accepts any
 * finite number or null for every feature.
 */
export function validate(input: unknown, signature: Signature): ValidationResult {
  try {
    if (!isPlainObject(input)) return { ok: false, problems: [{ field: '', code: 'NOT_AN_OBJECT', message: NOT_AN_OBJECT_MESSAGE }] };
    return validateObject(input, signature);
  } catch {
    // Only exotic inputs get here (a Proxy whose traps throw, a getter that throws).
    return { ok: false, problems: [{ field: '', code: 'NOT_AN_OBJECT', message: UNREADABLE_MESSAGE }] };
  }
}
