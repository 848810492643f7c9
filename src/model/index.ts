// Public surface of src/model: the Model interface, model implementations, TreeSHAP,
// importers and the artifact format.
export * from './model.js';
export * from './logistic-model.js';
