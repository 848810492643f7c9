import { z } from 'zod';
import { RiskgateError } from '../errors.js';
import { REFERENCE_PROFILE_FILE, REFERENCE_PROFILE_FORMAT, type ReferenceProfile } from './reference-profile.js';

const count = z.number().int().nonnegative();
const continuous = z.strictObject({
  name: z.string(),
  kind: z.literal('continuous'),
  count, missing: count,
  edges: z.array(z.number()),
  binCounts: z.array(count),
  min: z.number().nullable(), max: z.number().nullable(), mean: z.number().nullable(), sd: z.number().nullable(),
  sample: z.array(z.number()),
}).refine((c) => c.binCounts.length === c.edges.length + 1, 'binCounts must have one more entry than edges')
  .refine((c) => c.edges.every((e, k) => k === 0 || e > c.edges[k - 1]), 'edges must be strictly increasing');
const categorical = z.strictObject({
  name: z.string(),
  kind: z.enum(['binary', 'categorical']),
  count, missing: count,
  categories: z.array(z.strictObject({ value: z.number(), count })),
});
const profileSchema = z.strictObject({
  format: z.literal(REFERENCE_PROFILE_FORMAT),
  signatureName: z.string(),
  dataset: z.strictObject({ id: z.string(), sha256: z.string(), n: count }),
  features: z.array(z.union([continuous, categorical])),
  risk: continuous,
});

/**
 * Validates a parsed `reference-profile.json` (or its text) and returns it typed. Throws
 * MODEL_INVALID naming the first problem, so a damaged artifact fails at load, not mid-analysis.
 */
export function parseReferenceProfile(input: unknown): ReferenceProfile {
  let value = input;
  try {
    if (typeof input === 'string') value = JSON.parse(input);
  } catch (e) {
    throw new RiskgateError('MODEL_INVALID', { file: REFERENCE_PROFILE_FILE, reason: (e as Error).message }, { cause: e });
  }
  const r = profileSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new RiskgateError('MODEL_INVALID', { file: REFERENCE_PROFILE_FILE, reason: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
  }
  return r.data as ReferenceProfile;
}
