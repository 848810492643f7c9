import { RiskgateError } from '../errors.js';
import { ALGORITHMS, type Algorithm, type ModelFile, type TreeEnsembleData } from './model.js';
import { checkTreeEnsemble } from './tree-ensemble-check.js';

/** The format tag of a tree ensemble's model file. */
export const TREE_ENSEMBLE_FORMAT = 'riskgate-tree-ensemble/1';

/** The typed-array fields of {@link TreeEnsembleData} and the array type each is read into. */
const ARRAY_FIELDS = {
  treeOffsets: Int32Array, feature: Int32Array, left: Int32Array, right: Int32Array,
  defaultLeft: Uint8Array, threshold: Float64Array, value: Float64Array, cover: Float64Array,
} as const;

type ArrayField = keyof typeof ARRAY_FIELDS;

/**
 * The model file of a tree ensemble: format 'riskgate-tree-ensemble/1', typed arrays as plain
 * number arrays. JSON numbers print doubles in round-trip form, so reading it back is exact.
 */
export function writeTreeEnsembleFile(data: TreeEnsembleData, algorithm: Algorithm): ModelFile {
  const ensemble: Record<string, unknown> = {
    featureNames: [...data.featureNames],
    baseScore: data.baseScore,
    aggregation: data.aggregation,
    link: data.link,
  };
  for (const name of Object.keys(ARRAY_FIELDS) as ArrayField[]) ensemble[name] = Array.from(data[name]);
  return { format: TREE_ENSEMBLE_FORMAT, algorithm, ensemble };
}

/**
 * Reads a tree-ensemble model file (the parsed JSON) back into {@link TreeEnsembleData} and
 * its algorithm. Throws RiskgateError('MODEL_INVALID', {file, reason}) on any malformed
 * content: wrong format tag, missing or mistyped fields, or a structurally unsound forest.
 */
export function readTreeEnsembleFile(file: unknown, fileName = 'model.json'): { data: TreeEnsembleData; algorithm: Algorithm } {
  const fail = (reason: string): never => {
    throw new RiskgateError('MODEL_INVALID', { file: fileName, reason });
  };
  if (!isRecord(file)) return fail('not a JSON object');
  if (file.format !== TREE_ENSEMBLE_FORMAT) return fail(`format is ${JSON.stringify(file.format)}, expected "${TREE_ENSEMBLE_FORMAT}"`);
  if (!(ALGORITHMS as readonly unknown[]).includes(file.algorithm)) return fail(`algorithm must be one of ${ALGORITHMS.join(', ')}`);
  const e = file.ensemble;
  if (!isRecord(e)) return fail('ensemble is not an object');
  if (!Array.isArray(e.featureNames) || !e.featureNames.every((n) => typeof n === 'string')) return fail('ensemble.featureNames must be an array of strings');
  if (typeof e.baseScore !== 'number') return fail('ensemble.baseScore must be a number');
  const arrays = {} as Record<ArrayField, Int32Array | Uint8Array | Float64Array>;
  for (const [name, Type] of Object.entries(ARRAY_FIELDS) as [ArrayField, (typeof ARRAY_FIELDS)[ArrayField]][]) {
    const raw = e[name];
    if (!Array.isArray(raw) || !raw.every((v) => typeof v === 'number')) return fail(`ensemble.${name} must be an array of numbers`);
    const typed = Type.from(raw as number[]);
    // Integer arrays must hold integers in range; a silent truncation would change the tree.
    if (Type !== Float64Array && typed.some((v, i) => v !== raw[i])) return fail(`ensemble.${name} must hold integers in range`);
    arrays[name] = typed;
  }
  const data: TreeEnsembleData = {
    featureNames: e.featureNames as string[],
    treeOffsets: arrays.treeOffsets as Int32Array,
    feature: arrays.feature as Int32Array,
    threshold: arrays.threshold as Float64Array,
    left: arrays.left as Int32Array,
    right: arrays.right as Int32Array,
    defaultLeft: arrays.defaultLeft as Uint8Array,
    value: arrays.value as Float64Array,
    cover: arrays.cover as Float64Array,
    baseScore: e.baseScore,
    aggregation: e.aggregation as TreeEnsembleData['aggregation'],
    link: e.link as TreeEnsembleData['link'],
  };
  const reason = checkTreeEnsemble(data);
  if (reason !== null) fail(reason);
  return { data, algorithm: file.algorithm as Algorithm };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
