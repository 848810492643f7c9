// Public surface of src/data: data sets, feature signatures and input validation.
export * from './signature.js';
export * from './heart-signature.js';
export * from './dataset.js';
export * from './heart-held-out-rows.js';
export * from './load-heart-training-pool.js';
export * from './validate.js';
export * from './validate-rows.js';
export * from './summarize-problems.js';
