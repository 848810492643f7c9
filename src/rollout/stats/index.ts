// Small pure statistics used by the rollout judge.
export * from './normal-cdf.js';
export * from './quantile.js';
export * from './two-proportion-test.js';
export * from './mann-whitney.js';
export * from './psi.js';
export * from './auc-comparison.js';
