import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FEATURE_KINDS, HEART_SIGNATURE, type Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';

const featureSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(FEATURE_KINDS),
  description: z.string(),
  unit: z.string().optional(),
  range: z.strictObject({ min: z.number(), max: z.number() }).optional(),
  codes: z.array(z.strictObject({ value: z.number(), label: z.string() })).min(1).optional(),
  allowMissing: z.boolean(),
});

const signatureSchema = z.strictObject({
  name: z.string().min(1),
  features: z.array(featureSchema).min(1),
  target: z.strictObject({ name: z.string().min(1), description: z.string() }),
  permissive: z.boolean().optional(),
});

/** The built-in signatures, by the name `--signature` accepts. */
export const BUILT_IN_SIGNATURES: Readonly<Record<string, Signature>> = { heart: HEART_SIGNATURE };

/** Checks parsed signature JSON; BAD_REQUEST naming the first bad key. */
export function parseSignature(json: unknown, source = 'signature'): Signature {
  const r = signatureSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new RiskgateError('BAD_REQUEST', { reason: `${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}` });
  }
  const names = r.data.features.map((f) => f.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new RiskgateError('BAD_REQUEST', { reason: `${source}: feature "${dup}" is declared twice` });
  return r.data as Signature;
}

/**
 * The signature a `--signature` option names: a built-in one (`heart`) or a JSON file in the
 * form of src/data's Signature. BAD_REQUEST for an unreadable or malformed file.
 */
export function readSignatureOption(value: string): Signature {
  const builtIn = BUILT_IN_SIGNATURES[value];
  if (builtIn) return builtIn;
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (e) {
    throw new RiskgateError('BAD_REQUEST', { reason: `--signature ${value}: not a built-in signature (${Object.keys(BUILT_IN_SIGNATURES).join(', ')}) and not a readable file (${(e as Error).message})` }, { cause: e });
  }
  try {
    return parseSignature(JSON.parse(text) as unknown, value);
  } catch (e) {
    if (e instanceof SyntaxError) throw new RiskgateError('BAD_REQUEST', { reason: `${value}: not JSON (${e.message})` }, { cause: e });
    throw e;
  }
}
