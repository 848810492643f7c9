import { loadDataset, subsetDataset, type Dataset } from './dataset.js';
import { heartHeldOutClevelandRows } from './heart-held-out-rows.js';

/** Id of the Cleveland rows not held out for validation (what the training-overlap check treats as disjoint). */
export const HEART_TRAINING_POOL_ID = 'uci:cleveland[train]';

/**
 * The Cleveland rows a heart model may train on: all but {@link heartHeldOutClevelandRows}
 * (228 of 303), in file order, with id {@link HEART_TRAINING_POOL_ID} and the file's SHA-256.
 */
export function loadHeartTrainingPool(): Dataset {
  const cleveland = loadDataset('uci:cleveland');
  const held = new Set(heartHeldOutClevelandRows(cleveland.n));
  const rows = Array.from({ length: cleveland.n }, (_, i) => i).filter((i) => !held.has(i));
  return subsetDataset(cleveland, rows, HEART_TRAINING_POOL_ID);
}
