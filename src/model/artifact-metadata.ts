import { z } from 'zod';
import { FEATURE_KINDS, type Dataset, type Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';
import { ALGORITHMS, type Algorithm } from './model.js';

/** The format tag of metadata.json. */
export const ARTIFACT_FORMAT = 'riskgate-artifact/1';

/** The data a model was trained on: source ids (e.g. uci:cleveland), SHA-256 of the bytes read, row count. */
export interface TrainingDataRef {
  readonly ids: readonly string[];
  readonly sha256: string;
  readonly rows: number;
}

/**
 * The content of an artifact's metadata.json. Keys are snake_case, as written on disk.
 * `training_data` is null for imported models; `threshold` is the operating threshold on the
 * probability (null when none was chosen); `git_commit` is the commit of the code that
 * trained the model (null outside a git checkout).
 */
export interface ArtifactMetadata {
  readonly format: typeof ARTIFACT_FORMAT;
  readonly signature: Signature;
  readonly algorithm: Algorithm;
  readonly hyperparameters: Readonly<Record<string, unknown>>;
  readonly training_data: TrainingDataRef | null;
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly threshold: number | null;
  /** ISO 8601 instant. */
  readonly created_at: string;
  readonly git_commit: string | null;
}

/** The training-data reference of a loaded data set. */
export function trainingDataOf(dataset: Dataset): TrainingDataRef {
  return { ids: dataset.id.split(','), sha256: dataset.sha256, rows: dataset.n };
}

const featureSchema = z.looseObject({
  name: z.string().min(1),
  kind: z.enum(FEATURE_KINDS),
  description: z.string(),
  unit: z.string().optional(),
  range: z.object({ min: z.number(), max: z.number() }).optional(),
  codes: z.array(z.object({ value: z.number(), label: z.string() })).optional(),
  allowMissing: z.boolean(),
});

const metadataSchema = z.looseObject({
  format: z.literal(ARTIFACT_FORMAT),
  signature: z.looseObject({
    name: z.string(),
    features: z.array(featureSchema).min(1),
    target: z.object({ name: z.string(), description: z.string() }),
    permissive: z.boolean().optional(),
  }),
  algorithm: z.enum(ALGORITHMS),
  hyperparameters: z.record(z.string(), z.unknown()),
  training_data: z.object({ ids: z.array(z.string()), sha256: z.string().regex(/^[0-9a-f]{64}$/), rows: z.number().int().nonnegative() }).nullable(),
  metrics: z.record(z.string(), z.unknown()),
  threshold: z.number().min(0).max(1).nullable(),
  created_at: z.iso.datetime({ offset: true }),
  git_commit: z.string().nullable(),
});

/**
 * Checks parsed metadata.json content; throws MODEL_INVALID naming the file and the first bad
 * key. Keys it does not know are kept, so an older reader never drops what a newer writer added.
 */
export function parseArtifactMetadata(json: unknown, file = 'metadata.json'): ArtifactMetadata {
  const r = metadataSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new RiskgateError('MODEL_INVALID', { file, reason: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
  }
  return r.data as ArtifactMetadata;
}
