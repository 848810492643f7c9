// Public surface of src/api: buildApp, its dependencies, the route-plugin list, and the
// error mapping.
export * from './app-deps.js';
export * from './build-app.js';
export * from './routes/index.js';
export { toRiskgateError } from './error-handler.js';
export { presentedKey } from './plugins/authenticate.js';
export { presentRollout, presentRolloutEvent, describeStep, type RolloutJson, type RolloutCheckJson, type RolloutEventJson } from './routes/present-rollout.js';
