// Public surface of src/monitor: Prometheus metrics, windowed statistics per model arm, drift
// against the training reference, realized performance, alert rules, incidents and webhooks.
export * from './metrics.js';
export * from './promtool.js';
export * from './arm-window.js';
export * from './arm-windows.js';
export * from './create-prediction-observer.js';
export * from './reference-profile.js';
export * from './parse-reference-profile.js';
export * from './drift-report.js';
export * from './compare-to-reference.js';
export * from './build-drift-sample.js';
export * from './publish-drift-report.js';
export * from './assess-performance.js';
export * from './alert-rules.js';
export * from './alert-snapshot.js';
export * from './alert-evaluator.js';
export * from './alert-notification.js';
export * from './incident-store.js';
export * from './webhook-notifier.js';
export * from './alert-manager.js';
export * from './alert-rules-from-config.js';
export * from './measure-memory.js';
