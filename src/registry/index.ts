// Public surface of src/registry: version names and the versioning rule, the ModelRegistry
// (artifacts, aliases and their history, smoke sets, integrity), validation sets and
// evaluations, and model cards.
export * from './version-name.js';
export * from './version-rule.js';
export * from './validation-set.js';
export * from './subgroups.js';
export * from './evaluate-model.js';
export * from './smoke-set.js';
export * from './inspect-artifact-files.js';
export * from './promotion-policy.js';
export * from './svg-charts.js';
export * from './card-document.js';
export * from './build-model-card.js';
export * from './version-facts.js';
export * from './model-registry.js';
export * from './signature-file.js';
export * from './training-overlap.js';
export * from './integrity-health-check.js';
