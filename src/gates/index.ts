// Public surface of src/gates: the validation gates, their report and its formats, and the
// gated registry (promotion in strict environments needs a passing report).
export * from './gate-result.js';
export * from './judge-discrimination.js';
export * from './judge-non-inferiority.js';
export * from './judge-operating-point.js';
export * from './judge-calibration.js';
export * from './judge-fairness.js';
export * from './measure-latency.js';
export * from './judge-latency.js';
export * from './judge-artifact.js';
export * from './run-gates.js';
export * from './format-report.js';
export * from './open-gated-registry.js';
