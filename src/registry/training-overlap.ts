import type { ArtifactMetadata } from '../model/index.js';
import { HEART_VALIDATION_ID } from './validation-set.js';

/**
 * Sites whose rows heart-validation/1 uses, with how many. A model trained on a whole named
 * site (the loader reads every row of `uci:SITE`) has seen those validation rows.
 */
const HEART_VALIDATION_SITES: Readonly<Record<string, string>> = {
  'uci:cleveland': "the whole Cleveland file, including heart-validation/1's 75 held-out rows",
  'uci:hungarian': 'all 294 Hungarian rows, every one of which is in heart-validation/1',
};

/**
 * A sentence when the version's training data overlaps its validation set (results on it are
 * then optimistic), or null when they are disjoint or it cannot be told (a subset of a site
 * carries its own id, e.g. `uci:cleveland[train]`).
 */
export function describeTrainingOverlap(metadata: Pick<ArtifactMetadata, 'training_data'>, validationSetId: string | null): string | null {
  if (validationSetId !== HEART_VALIDATION_ID || !metadata.training_data) return null;
  const seen = metadata.training_data.ids.filter((id) => id in HEART_VALIDATION_SITES).map((id) => HEART_VALIDATION_SITES[id]);
  return seen.length ? `The training data includes ${seen.join(' and ')}, so results on this validation set are optimistic.` : null;
}
