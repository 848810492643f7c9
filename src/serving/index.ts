// Public surface of src/serving: the model pool, the router and its traffic plans, circuit
// breakers, the predictor used by every entry point, and the durable prediction recorder.
export * from './pooled-model.js';
export * from './model-pool.js';
export * from './predictor-types.js';
export * from './predictor.js';
export * from './risk-band.js';
export * from './format-explanation.js';
export * from './shadow-queue.js';
export * from './prediction-journal.js';
export * from './prediction-recorder.js';
export * from './prediction-id.js';
export * from './prediction-committer.js';
export * from './thread-committer.js';
export * from './router.js';
export * from './traffic-plan.js';
export * from './sticky-bucket.js';
export * from './circuit-breaker.js';
