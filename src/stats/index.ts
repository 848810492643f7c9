// src/stats is the pure-statistics leaf: every other folder may import it, and it depends on
// nothing (no other src folder, no I/O, no clock). One home per statistic — add here, never copy.
export * from './normal-cdf.js';
export * from './normal-sf.js';
export * from './normal-quantile.js';
export * from './two-sided-z.js';
export * from './mulberry32.js';
export * from './log-gamma.js';
export * from './upper-gamma-q.js';
export * from './chi-square-sf.js';
export * from './kolmogorov-sf.js';
export * from './sort-ascending.js';
export * from './quantile.js';
export * from './estimate.js';
export * from './wilson-interval.js';
export * from './hanley-mcneil-interval.js';
export * from './mean-interval.js';
export * from './compute-auc.js';
export * from './delong-auc.js';
export * from './delong-paired.js';
export * from './compare-auc-unpaired.js';
export * from './mann-whitney-u.js';
export * from './two-proportion-test.js';
export * from './chi-square-homogeneity.js';
export * from './ks-two-sample.js';
export * from './population-stability-index.js';
export * from './sample-psi.js';
