import { statSync } from 'node:fs';
import { sameSignature, type Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';
import { readArtifact } from './artifact.js';
import type { Model } from './model.js';
import { importXgboostJson } from './xgboost-import.js';

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /**
   * Signature for an XGBoost JSON file (a permissive one when absent). An artifact carries
   * its own; passing a different one for an artifact is refused.
   */
  readonly signature?: Signature;
}

/**
 * Loads a model from a path: a native artifact folder (verified with {@link readArtifact}) or
 * an XGBoost JSON file (imported with {@link importXgboostJson}). Throws MODEL_INVALID for a
 * path that does not exist or content that is not a model, ARTIFACT_TAMPERED for an artifact
 * that fails its checksums.
 */
export function loadModel(path: string, options: LoadModelOptions = {}): Model {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new RiskgateError('MODEL_INVALID', { file: path, reason: 'no such file or folder' }, { cause: e });
  }
  if (!isDir) return importXgboostJson(path, { signature: options.signature });
  const { model } = readArtifact(path);
  if (options.signature && !sameSignature(options.signature, model.signature)) {
    throw new RiskgateError('MODEL_INVALID', { file: path, reason: `the artifact has its own signature (${model.signature.name}); it cannot be served under ${options.signature.name}` });
  }
  return model;
}
