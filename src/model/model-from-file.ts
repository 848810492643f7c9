import type { Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';
import { LogisticModel } from './logistic-model.js';
import type { Model, ModelFile } from './model.js';
import { TreeEnsembleModel } from './tree-ensemble-model.js';

/**
 * Builds the model held by a parsed model file: 'riskgate-logistic/1' as a LogisticModel,
 * 'riskgate-tree-ensemble/1' as a TreeEnsembleModel. Throws MODEL_INVALID naming `source`
 * for any other or malformed content.
 */
export function modelFromFile(json: unknown, signature: Signature, source = 'model.json'): Model {
  const format = typeof json === 'object' && json !== null ? (json as { format?: unknown }).format : undefined;
  switch (format) {
    case 'riskgate-logistic/1':
      return LogisticModel.fromFile(json as ModelFile, signature, source);
    case 'riskgate-tree-ensemble/1':
      return TreeEnsembleModel.fromFile(json, signature, source);
    default:
      throw new RiskgateError('MODEL_INVALID', { file: source, reason: `unknown format ${JSON.stringify(format) ?? 'undefined'}` });
  }
}
