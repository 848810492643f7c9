import type { Config } from '../config/index.js';
import type { ArmWindows, RiskgateMetrics } from '../monitor/index.js';
import type { ModelRegistry } from '../registry/index.js';
import type { CircuitBreakers, ModelPool, PredictionRecorder, Predictor, Router } from '../serving/index.js';
import type { AuditLog, KeyService, Principal, Role } from '../auth/index.js';
import type { Store } from '../store/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { MonitoringService } from './monitoring-service.js';
import type { RolloutService } from '../rollout/index.js';

/** Who is calling (auth's Principal). */
export type ApiPrincipal = Principal;
/** A role name (auth's Role). */
export type ApiRole = Role;

/**
 * Everything the HTTP app is built from. The server (riskgate serve) and the tests make
 * these; buildApp never opens a database or reads the environment itself. Route plugins of
 * other capabilities (registry, rollouts, monitoring, jobs) read their service from here —
 * add an optional field for yours.
 */
export interface AppDeps {
  readonly config: Config;
  readonly store: Store;
  readonly pool: ModelPool;
  /** The router; rollouts swap its traffic plan. */
  readonly router: Router;
  readonly predictor: Predictor;
  readonly recorder: PredictionRecorder;
  readonly metrics: RiskgateMetrics;
  /** Per-(version, arm) windows of recent predictions (judge, alerts, drift). */
  readonly windows: ArmWindows;
  /** Circuit breakers of candidate versions. */
  readonly breakers: CircuitBreakers;
  readonly keys: KeyService;
  readonly audit: AuditLog;
  /** The HMAC pseudonym of a patient id (auth's Pseudonymizer). */
  readonly pseudonymize: (patientId: string) => string;
  /** The registry, when the server runs one (routes under /api/v1/models need it). */
  readonly registry?: ModelRegistry;
  /** Told about each outcome fed back (monitoring's arm windows). */
  readonly onFeedback?: (f: { readonly predictionId: string | null; readonly outcome: 0 | 1; readonly observedAt: number }) => void;
  /** Rollouts of this server's environment (routes under /api/v1/rollouts and /api/v1/rollback). */
  readonly rollouts?: RolloutService;
  /** Drift, realized performance, live arm statistics and alerts (routes under /api/v1/monitoring and /api/v1/alerts). */
  readonly monitoring?: MonitoringService;
  /** Background jobs (batch scoring): the queue and the folder holding uploads and results. */
  readonly jobs?: { readonly queue: JobQueue; readonly dir: string };
  /** Epoch ms the process started, for uptime. */
  readonly startedAt: number;
  /** riskgate's version (package.json). */
  readonly version: string;
  /** Extra components for /health/detailed (e.g. the rollout controller); each never throws. */
  readonly healthChecks?: readonly HealthCheck[];
}

/** One component reported by /health/detailed. */
export interface HealthCheck {
  readonly name: string;
  /** Essential components make /health/ready fail when down. */
  readonly essential: boolean;
  check(): Promise<{ readonly ok: boolean; readonly details?: Record<string, unknown> }>;
}
