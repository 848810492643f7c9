// Public surface of src/train: trainers, cross-validation, metrics and threshold choice.
export * from './random.js';
export * from './hyperparameters.js';
export * from './train-gbdt.js';
export * from './train-random-forest.js';
export * from './train-logistic.js';
export * from './train-model.js';
export * from './confusion.js';
export * from './calibration.js';
export * from './evaluate-predictions.js';
export * from './choose-threshold.js';
export * from './bootstrap-auc.js';
export * from './stratified-folds.js';
export * from './cross-validate.js';
export * from './train-default-heart-model.js';
export * from './training-metadata.js';
