import { readFileSync } from 'node:fs';
import { permissiveSignature, type Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';
import type { TreeEnsembleData } from './model.js';
import { checkTreeEnsemble } from './tree-ensemble-check.js';
import { TreeEnsembleModel } from './tree-ensemble-model.js';
import { xgboostThreshold } from './xgboost-threshold.js';

/** Options of {@link importXgboostJson}. */
export interface XgboostImportOptions {
  /** Signature to serve the model under; by default a permissive one over its feature names. */
  readonly signature?: Signature;
  /** Name used in error messages when `json` is already parsed. */
  readonly file?: string;
}

/** The only objective we serve: its margin is log-odds and its output a probability. */
const SUPPORTED_OBJECTIVE = 'binary:logistic';
const LEAF = -1;

type Json = Record<string, unknown>;

/** A failure that names the file; every malformed input ends here, never as a TypeError. */
function invalid(file: string, reason: string): RiskgateError {
  return new RiskgateError('MODEL_INVALID', { file, reason });
}

function objectAt(v: unknown, path: string, file: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(file, `${path} is missing or not an object`);
  return v as Json;
}

function numbersAt(v: unknown, path: string, file: string, length?: number): number[] {
  if (!Array.isArray(v)) throw invalid(file, `${path} is missing or not an array`);
  // default_left is written as 0/1 by XGBoost 1.7 and as booleans by some older writers.
  const out = v.map((e) => (typeof e === 'boolean' ? Number(e) : e));
  if (!out.every((e) => typeof e === 'number' && Number.isFinite(e))) throw invalid(file, `${path} holds a value that is not a finite number`);
  if (length !== undefined && out.length !== length) throw invalid(file, `${path} has ${out.length} entries, expected ${length}`);
  return out as number[];
}

/**
 * Reads a number that XGBoost writes as a string ("5E-1"; "[5E-1]" since 2.1, where
 * base_score became a vector) or, in some versions, a number.
 */
function numberParam(v: unknown, path: string, file: string): number {
  const text = typeof v === 'string' ? v.trim().replace(/^\[(.*)\]$/, '$1').trim() : '';
  const n = text !== '' && !text.includes(',') ? Number(text) : typeof v === 'number' ? v : Number.NaN;
  if (!Number.isFinite(n)) throw invalid(file, `${path} is not a number`);
  return n;
}

interface RawTree {
  left: number[]; right: number[]; split: number[]; cond: number[]; defaultLeft: number[]; hess: number[];
}

function readTree(v: unknown, t: number, file: string): RawTree {
  const tree = objectAt(v, `trees[${t}]`, file);
  const at = (k: string) => `trees[${t}].${k}`;
  const left = numbersAt(tree.left_children, at('left_children'), file);
  const m = left.length;
  if (m === 0) throw invalid(file, `${at('left_children')} is empty`);
  const splitType = tree.split_type === undefined ? [] : numbersAt(tree.split_type, at('split_type'), file);
  if (splitType.some((s) => s !== 0)) throw invalid(file, `tree ${t} has categorical splits, which are not supported`);
  return {
    left,
    right: numbersAt(tree.right_children, at('right_children'), file, m),
    split: numbersAt(tree.split_indices, at('split_indices'), file, m),
    cond: numbersAt(tree.split_conditions, at('split_conditions'), file, m),
    defaultLeft: numbersAt(tree.default_left, at('default_left'), file, m),
    hess: numbersAt(tree.sum_hessian, at('sum_hessian'), file, m),
  };
}

/**
 * Maps the model's feature i to a column of the signature: by name when the model's names are
 * all in the signature, else by position when the model has no names and the counts agree.
 */
function mapFeatures(names: readonly string[], named: boolean, signature: Signature, file: string): Int32Array {
  const sigNames = signature.features.map((f) => f.name);
  const byName = names.map((n) => sigNames.indexOf(n));
  if (byName.every((j) => j >= 0)) return Int32Array.from(byName);
  if (!named && names.length === sigNames.length) return Int32Array.from(names, (_n, i) => i);
  const absent = names.filter((_n, i) => byName[i] < 0);
  throw invalid(file, named
    ? `features ${absent.join(', ')} are not in signature ${signature.name}`
    : `the model has ${names.length} unnamed features and signature ${signature.name} has ${sigNames.length}`);
}

/**
 * Flattens XGBoost trees into {@link TreeEnsembleData}, keeping only nodes reachable from each
 * root and numbering them breadth-first, so deleted (pruned) nodes disappear and every child
 * comes after its parent.
 */
function flatten(trees: readonly RawTree[], columns: Int32Array, baseScore: number, names: readonly string[], file: string): TreeEnsembleData {
  const feature: number[] = []; const threshold: number[] = []; const left: number[] = []; const right: number[] = [];
  const defaultLeft: number[] = []; const value: number[] = []; const cover: number[] = [];
  const offsets = [0];
  trees.forEach((tr, t) => {
    const start = feature.length;
    const order = [0];
    const index = new Map([[0, start]]);
    for (let q = 0; q < order.length; q++) {
      const i = order[q];
      const k = start + q;
      const leaf = tr.left[i] === LEAF;
      for (const child of leaf ? [] : [tr.left[i], tr.right[i]]) {
        if (!(Number.isInteger(child) && child > 0 && child < tr.left.length) || index.has(child)) throw invalid(file, `tree ${t} node ${i} has a bad child ${child}`);
        index.set(child, start + order.length);
        order.push(child);
      }
      const f = tr.split[i];
      if (!leaf && !(Number.isInteger(f) && f >= 0 && f < columns.length)) throw invalid(file, `tree ${t} node ${i} splits on feature ${f}, outside 0…${columns.length - 1}`);
      feature[k] = leaf ? -1 : columns[f];
      threshold[k] = leaf ? 0 : xgboostThreshold(tr.cond[i]);
      left[k] = leaf ? -1 : (index.get(tr.left[i]) as number);
      right[k] = leaf ? -1 : (index.get(tr.right[i]) as number);
      defaultLeft[k] = leaf ? 0 : tr.defaultLeft[i] ? 1 : 0;
      // A leaf's split_conditions entry holds its value, already scaled by the learning rate.
      value[k] = leaf ? tr.cond[i] : 0;
      cover[k] = tr.hess[i];
    }
    offsets.push(feature.length);
  });
  return {
    featureNames: names, treeOffsets: Int32Array.from(offsets), feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold), left: Int32Array.from(left), right: Int32Array.from(right),
    defaultLeft: Uint8Array.from(defaultLeft), value: Float64Array.from(value), cover: Float64Array.from(cover),
    baseScore, aggregation: 'sum', link: 'logistic',
  };
}

function readJson(source: unknown, file: string): unknown {
  if (typeof source !== 'string') return source;
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (e) {
    throw new RiskgateError('MODEL_INVALID', { file, reason: `cannot read it (${(e as Error).message})` }, { cause: e });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new RiskgateError('MODEL_INVALID', { file, reason: `not JSON (${(e as Error).message}); save the model with save_model('model.json')` }, { cause: e });
  }
}

/**
 * Imports a `binary:logistic` gradient-boosted model saved by XGBoost 1.7+ with
 * `save_model('x.json')`. `json` is the parsed file or a path to it. The result predicts
 * XGBoost's probabilities (its float32 split comparisons are reproduced exactly) and explains
 * with path-dependent TreeSHAP, the same values as XGBoost's `pred_contribs`.
 *
 * Feature names come from the file (f0…fN when it has none). With a signature, the model's
 * features are matched to it by name (or by position for unnamed models with as many
 * features); without one, the model is served under a permissive signature.
 * Throws MODEL_INVALID naming the file for other objectives, boosters and malformed files.
 */
export function importXgboostJson(json: unknown, options: XgboostImportOptions = {}): TreeEnsembleModel {
  const file = options.file ?? (typeof json === 'string' ? json : 'XGBoost model');
  const root = objectAt(readJson(json, file), 'the file', file);
  const learner = objectAt(root.learner, 'learner', file);
  const objective = objectAt(learner.objective, 'learner.objective', file).name;
  if (objective !== SUPPORTED_OBJECTIVE) throw invalid(file, `objective ${JSON.stringify(objective)} is not supported; only ${SUPPORTED_OBJECTIVE}`);
  const params = objectAt(learner.learner_model_param, 'learner.learner_model_param', file);
  const numClass = params.num_class === undefined ? 0 : numberParam(params.num_class, 'num_class', file);
  const numTarget = params.num_target === undefined ? 1 : numberParam(params.num_target, 'num_target', file);
  if (numClass > 1 || numTarget !== 1) throw invalid(file, 'multi-class and multi-target models are not supported');
  const p = numberParam(params.num_feature, 'learner_model_param.num_feature', file);
  if (!(Number.isInteger(p) && p > 0)) throw invalid(file, 'num_feature must be a positive integer');
  const baseProbability = numberParam(params.base_score, 'learner_model_param.base_score', file);
  if (!(baseProbability > 0 && baseProbability < 1)) throw invalid(file, `base_score ${baseProbability} is not a probability strictly between 0 and 1`);
  const booster = objectAt(learner.gradient_booster, 'learner.gradient_booster', file);
  if (booster.name !== 'gbtree') throw invalid(file, `booster ${JSON.stringify(booster.name)} is not supported; only gbtree`);
  const model = objectAt(booster.model, 'gradient_booster.model', file);
  if (!Array.isArray(model.trees) || model.trees.length === 0) throw invalid(file, 'the model has no trees');
  const trees = model.trees.map((t, i) => readTree(t, i, file));

  const fileNames = Array.isArray(learner.feature_names) ? learner.feature_names : [];
  const named = fileNames.length > 0;
  if (named && (fileNames.length !== p || !fileNames.every((n) => typeof n === 'string' && n !== '') || new Set(fileNames).size !== p)) {
    throw invalid(file, `feature_names must be ${p} distinct non-empty strings`);
  }
  const names = named ? (fileNames as string[]) : Array.from({ length: p }, (_v, i) => `f${i}`);
  const signature = options.signature ?? permissiveSignature(names, 'xgboost');
  const columns = mapFeatures(names, named, signature, file);
  // XGBoost adds base_score in margin space: the logit of the stored probability.
  const baseScore = Math.log(baseProbability / (1 - baseProbability));
  const data = flatten(trees, columns, baseScore, signature.features.map((f) => f.name), file);
  const reason = checkTreeEnsemble(data);
  if (reason !== null) throw invalid(file, reason);
  return new TreeEnsembleModel(data, signature, 'xgboost');
}
