// Public surface of src/model: the Model interface, model implementations, TreeSHAP,
// importers and the artifact format.
export * from './model.js';
export * from './logistic-model.js';
export * from './tree-ensemble-model.js';
export * from './tree-shap.js';
export { checkTreeEnsemble, MAX_TREE_DEPTH } from './tree-ensemble-check.js';
export { TREE_ENSEMBLE_FORMAT } from './tree-ensemble-file.js';
export * from './xgboost-import.js';
export * from './artifact.js';
export * from './artifact-metadata.js';
export { CHECKSUMS_FILE } from './artifact-checksums.js';
export * from './load-model.js';
export * from './model-from-file.js';
