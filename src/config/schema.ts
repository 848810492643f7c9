import { z } from 'zod';

/** The deployment environments riskgate knows, in promotion order. */
export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Log levels accepted by monitoring.level (pino's). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Rollout strategies a deploy may ask for. */
export const ROLLOUT_STRATEGIES = ['shadow', 'canary', 'blue-green'] as const;

const port = z.number().int().min(0).max(65535);
const fraction = z.number().min(0).max(1);
const positive = z.number().positive();

/**
 * The validated, resolved configuration of one environment. Every object is strict: a key
 * the schema does not know (a typo in environments.yml) is an error, never silently ignored.
 * Key names follow config/environments.yml (snake_case) so a reader finds a setting under
 * the same name in the file and in code.
 */
export const ConfigSchema = z.strictObject({
  env: z.enum(ENVIRONMENTS),
  api_url: z.string().url(),
  /** What CLI commands acting on a running server send (RISKGATE_API_KEY); `key` is masked by `config show`. */
  client: z.strictObject({ key: z.string().min(1).nullable() }),
  debug: z.boolean(),
  server: z.strictObject({
    host: z.string().min(1),
    port,
    body_limit_bytes: z.number().int().positive(),
    shutdown_grace_ms: z.number().int().positive(),
    trust_proxy: z.boolean(),
  }),
  monitoring: z.strictObject({
    enabled: z.boolean(),
    level: z.enum(LOG_LEVELS),
    metrics_port: port.nullable(),
    window_seconds: z.number().int().positive(),
    drift_min_sample: z.number().int().positive(),
  }),
  security: z.strictObject({
    strict_mode: z.boolean(),
    allow_test_keys: z.boolean(),
    rate_limit: z.strictObject({
      per_minute: z.number().int().positive(),
      per_ip_per_minute: z.number().int().positive(),
    }),
    allowed_origins: z.array(z.string().min(1)),
    ip_allowlist: z.array(z.string().min(1)),
    key_rotation_grace_seconds: z.number().int().min(0),
    metrics_requires_key: z.boolean(),
  }),
  store: z.strictObject({ url: z.string().regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must be sqlite:PATH or postgres://…') }),
  models: z.strictObject({ path: z.string().min(1) }),
  redis: z.strictObject({ url: z.string().regex(/^rediss?:\/\//, 'must be redis://…').nullable() }),
  recorder: z.strictObject({
    journal_path: z.string().min(1),
    batch_size: z.number().int().positive(),
    flush_interval_ms: z.number().int().positive(),
    commit_thread: z.boolean(),
  }),
  gates: z.strictObject({
    auc_min: fraction,
    auc_max_drop: fraction,
    sensitivity_min: fraction,
    brier_max: fraction,
    calibration_slope_min: z.number(),
    calibration_slope_max: z.number(),
    fairness_auc_gap_max: fraction,
    fairness_sensitivity_gap_max: fraction,
    fairness_min_group_size: z.number().int().positive(),
    latency_p99_ms: positive,
  }),
  alerts: z.strictObject({
    webhook_url: z.string().url().nullable(),
    evaluate_interval_seconds: z.number().int().positive(),
    for_seconds: z.number().int().min(0),
    resolve_after_seconds: z.number().int().min(0),
    error_rate_warning: fraction,
    error_rate_critical: fraction,
    p95_latency_ms: positive,
    accuracy_min: fraction,
    memory_max_fraction: fraction,
    drift_psi_max: positive,
  }),
  rollout: z.strictObject({
    default_strategy: z.enum(ROLLOUT_STRATEGIES),
    steps: z.array(z.number().min(0).max(100)).min(1),
    bake_seconds: z.number().int().min(0),
    max_bake_seconds: z.number().int().min(0),
    min_predictions_per_step: z.number().int().min(0),
    mirror_percent: z.number().min(0).max(100),
    tick_seconds: positive,
    analysis: z.strictObject({
      error_rate_max: fraction,
      p99_latency_ms: positive,
      p95_ratio_max: positive,
      accuracy_min: fraction,
      memory_max_fraction: fraction,
      psi_fail: positive,
      psi_warn: positive,
      confidence: fraction,
      agreement_min: fraction,
      mean_delta_max: fraction,
      p95_delta_max: fraction,
      failure_limit: z.number().int().min(0),
    }),
    breaker: z.strictObject({
      failure_threshold: z.number().int().positive(),
      reset_seconds: positive,
      timeout_ms: positive,
    }),
  }),
  backups: z.strictObject({
    schedule: z.string().min(1).nullable(),
    retention: z.number().int().positive(),
    max_age_days: z.number().positive().nullable(),
    dir: z.string().min(1),
  }),
  jobs: z.strictObject({
    backend: z.enum(['auto', 'in-process', 'bullmq']),
    concurrency: z.number().int().positive(),
  }),
  secret: z.strictObject({
    key: z.string().min(1),
    source: z.enum(['env', 'file', 'generated']),
  }),
  paths: z.strictObject({ var_dir: z.string().min(1), config_file: z.string().min(1) }),
});

/** Deeply read-only. */
export type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/**
 * The configuration every piece receives (or a slice of it): validated, with paths resolved
 * to absolute ones, environment variables applied, and frozen. `secret.key` is the SECRET_KEY
 * (never log or serve it).
 */
export type Config = DeepReadonly<z.infer<typeof ConfigSchema>>;
