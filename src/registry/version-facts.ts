import { createHash } from 'node:crypto';
import type { ArtifactMetadata, LoadedArtifact } from '../model/index.js';
import type { VersionFacts } from './version-rule.js';

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted at every level, so equal content gives equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of a signature's features and permissiveness (what sameSignature compares). */
export function signatureHashOf(metadata: Pick<ArtifactMetadata, 'signature'>): string {
  return sha256Hex(stableJson({ features: metadata.signature.features, permissive: Boolean(metadata.signature.permissive) }));
}

/**
 * Metadata fields that are not a change of the version: the timestamp of writing. Everything
 * else (threshold, metrics, hyperparameters, training data, commit) counts as a PATCH change.
 */
const VOLATILE_METADATA = new Set(['created_at']);

/** The facts the version rule compares, from a verified artifact. */
export function versionFactsOf(artifact: Pick<LoadedArtifact, 'model' | 'metadata'>): VersionFacts {
  const rest = Object.fromEntries(Object.entries(artifact.metadata).filter(([k]) => !VOLATILE_METADATA.has(k) && k !== 'signature'));
  return {
    signatureKey: signatureHashOf(artifact.metadata),
    modelChecksum: sha256Hex(JSON.stringify(artifact.model.toJSON())),
    metadataKey: stableJson(rest),
  };
}
