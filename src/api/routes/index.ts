import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.js';
import { auditRoutes } from './audit-routes.js';
import { feedbackRoutes } from './feedback-routes.js';
import { dashboardRoutes, sessionRoutes } from './dashboard-routes.js';
import { healthRoutes } from './health-routes.js';
import { jobsRoutes } from './jobs-routes.js';
import { keyRoutes } from './key-routes.js';
import { metricsRoutes } from './metrics-routes.js';
import { modelRoutes } from './model-routes.js';
import { monitoringRoutes } from './monitoring-routes.js';
import { predictionRoutes } from './prediction-routes.js';
import { batchPredictRoutes, predictRoutes } from './predict-routes.js';
import { rolloutRoutes } from './rollout-routes.js';

/**
 * One capability's routes: an encapsulated Fastify plugin registered under `prefix`. Each
 * route declares `config.role` (least role; default viewer), or `config.public`, and
 * request/response schemas; mutating routes are audited automatically (name the action with
 * `config.audit`). Read the service you need from `deps` (add an optional field to AppDeps).
 */
export interface RoutePlugin {
  readonly name: string;
  readonly prefix: string;
  readonly register: (app: FastifyInstance, deps: AppDeps) => Promise<void>;
}

/** Every route plugin of the server. Other capabilities add theirs to this list. */
export const ROUTE_PLUGINS: readonly RoutePlugin[] = [
  { name: 'health', prefix: '', register: healthRoutes },
  { name: 'metrics', prefix: '', register: metricsRoutes },
  { name: 'predict', prefix: '/api/v1', register: predictRoutes },
  { name: 'predict-alias', prefix: '/api/risk', register: predictRoutes },
  { name: 'predict-batch', prefix: '/api/v1', register: batchPredictRoutes },
  { name: 'predictions', prefix: '/api/v1', register: predictionRoutes },
  { name: 'feedback', prefix: '/api/v1', register: feedbackRoutes },
  { name: 'keys', prefix: '/api/v1', register: keyRoutes },
  { name: 'audit', prefix: '/api/v1', register: auditRoutes },
  { name: 'models', prefix: '/api/v1', register: modelRoutes },
  { name: 'jobs', prefix: '/api/v1', register: jobsRoutes },
  { name: 'rollouts', prefix: '/api/v1', register: rolloutRoutes },
  { name: 'monitoring', prefix: '/api/v1', register: monitoringRoutes },
  { name: 'session', prefix: '/api/v1', register: sessionRoutes },
  { name: 'dashboard', prefix: '', register: dashboardRoutes },
];
