/**
 * Every default setting of riskgate, one comment each. config/environments.yml overrides
 * these per environment, and environment variables override the file. Paths are relative to
 * the working directory until loadConfig resolves them.
 */
export const DEFAULTS = {
  /** Base URL of the server, used by CLI commands that act on a running server. */
  api_url: 'http://127.0.0.1:8000',
  client: {
    /** API key CLI commands send to a running server (RISKGATE_API_KEY; --key overrides). */
    key: null as string | null,
  },
  /** Verbose errors and logs for local work only; refused in production. */
  debug: false,
  server: {
    /** Loopback by default; containers set 0.0.0.0 in their environment's section. */
    host: '127.0.0.1',
    /** The port `npm start` documents. */
    port: 8000,
    /** A 1,000-row batch of 13 features is ~250 kB; 1 MiB leaves room without inviting abuse. */
    body_limit_bytes: 1_048_576,
    /** In-flight requests get this long to finish on SIGTERM before the process exits anyway. */
    shutdown_grace_ms: 10_000,
    /** Honour X-Forwarded-For only behind a known proxy (nginx example in deploy/). */
    trust_proxy: false,
  },
  monitoring: {
    /** Export /metrics and run alert evaluation. */
    enabled: true,
    /** pino log level. */
    level: 'info',
    /** Serve /metrics on its own port too (null: only on the main port). */
    metrics_port: null,
    /** Sliding window of per-arm statistics and drift (10 minutes). */
    window_seconds: 600,
    /** Below this many predictions drift says "not enough data", never "no drift". */
    drift_min_sample: 100,
  },
  security: {
    /** Strict environments require gate reports and staging before production. */
    strict_mode: false,
    /** rg_test_… keys are for development and CI only. */
    allow_test_keys: false,
    rate_limit: {
      /** Requests per minute per API key. */
      per_minute: 600,
      /** Requests per minute per client IP (covers unauthenticated calls). */
      per_ip_per_minute: 1200,
    },
    /** CORS origins allowed to call the API from a browser (none by default). */
    allowed_origins: [] as string[],
    /** Client IPs or CIDRs allowed to connect (empty: everyone). */
    ip_allowlist: [] as string[],
    /** After `keys rotate`, the old key keeps working this long (24 h). */
    key_rotation_grace_seconds: 86_400,
    /** Whether GET /metrics needs an API key (Prometheus scrapers usually have none). */
    metrics_requires_key: false,
  },
  store: {
    /** Embedded SQLite under ./var; postgres://… for several replicas. */
    url: 'sqlite:./var/riskgate.db',
  },
  models: {
    /** Where model artifacts live. */
    path: './var/models',
  },
  redis: {
    /** Shared counters, rate limits and the job queue at scale (null: all in-process). */
    url: null as string | null,
  },
  recorder: {
    /** Append-only journal that makes an acknowledged prediction survive kill -9. */
    journal_path: './var/predictions.journal',
    /** Rows per batched insert into the store. */
    batch_size: 500,
    /** How often pending predictions are flushed to the store. */
    flush_interval_ms: 200,
    /** Commit predictions from a worker thread with its own database connection, off the serving thread (not for sqlite::memory:). */
    commit_thread: true,
  },
  gates: {
    /** Minimum AUC on the validation set. */
    auc_min: 0.85,
    /** Largest AUC drop allowed against production on the same rows. */
    auc_max_drop: 0.02,
    /** Minimum sensitivity at the model's threshold. */
    sensitivity_min: 0.8,
    /** Maximum Brier score. */
    brier_max: 0.2,
    /** Lowest acceptable calibration slope. */
    calibration_slope_min: 0.7,
    /** Highest acceptable calibration slope. */
    calibration_slope_max: 1.3,
    /** Largest AUC gap between sex or age groups. */
    fairness_auc_gap_max: 0.1,
    /** Largest sensitivity gap between groups. */
    fairness_sensitivity_gap_max: 0.15,
    /** Groups smaller than this give a warning, not a pass. */
    fairness_min_group_size: 30,
    /** In-process p99 of one predict with explanation. */
    latency_p99_ms: 2,
  },
  alerts: {
    /** Where alert and rollout events are POSTed (ALERT_WEBHOOK). */
    webhook_url: null as string | null,
    /** How often the server evaluates alert rules. */
    evaluate_interval_seconds: 30,
    /** A condition must hold this long before its alert fires (Prometheus' `for`). */
    for_seconds: 60,
    /** A firing alert resolves once its condition has been gone this long (no flapping). */
    resolve_after_seconds: 60,
    /** Error rate that raises a warning (runbook: 1 %). */
    error_rate_warning: 0.01,
    /** Error rate that raises a critical alert (runbook: 5 %). */
    error_rate_critical: 0.05,
    /** p95 latency that raises an alert. */
    p95_latency_ms: 200,
    /** Realized accuracy below this raises an alert (runbook: 0.80). */
    accuracy_min: 0.8,
    /** Memory use above this share of the limit raises an alert. */
    memory_max_fraction: 0.85,
    /** Feature drift (PSI) above this raises an alert. */
    drift_psi_max: 0.25,
  },
  rollout: {
    /** Strategy of `riskgate deploy` without --strategy. */
    default_strategy: 'canary',
    /** Canary weights in percent, one step each. */
    steps: [5, 25, 50, 100],
    /** Time each step bakes before it may advance (10 minutes). */
    bake_seconds: 600,
    /** A step still inconclusive after this long pauses for a person (1 hour). */
    max_bake_seconds: 3600,
    /** Predictions the canary must serve in a step before the analysis can pass. */
    min_predictions_per_step: 100,
    /** Share of traffic mirrored to a shadow candidate. */
    mirror_percent: 100,
    /** How often the controller runs the state machine. */
    tick_seconds: 5,
    analysis: {
      /** Absolute error-rate bound (runbook: 5 %). */
      error_rate_max: 0.05,
      /** Absolute p99 latency bound (runbook: 1 s). */
      p99_latency_ms: 1000,
      /** Canary p95 may be at most this multiple of baseline p95. */
      p95_ratio_max: 2,
      /** Realized accuracy bound once outcomes arrive (runbook: 0.80). */
      accuracy_min: 0.8,
      /** Memory bound as a share of the process limit (runbook: 90 %). */
      memory_max_fraction: 0.9,
      /** PSI of predicted risk against baseline that fails a step. */
      psi_fail: 0.25,
      /** PSI that warns. */
      psi_warn: 0.1,
      /** Confidence of the statistical comparisons (Kayenta's default). */
      confidence: 0.98,
      /** Shadow: least share of requests where candidate and production take the same decision. */
      agreement_min: 0.85,
      /** Shadow: largest mean |Δ probability| between candidate and production on the same requests. */
      mean_delta_max: 0.1,
      /** Shadow: largest 95th percentile of |Δ probability|. */
      p95_delta_max: 0.25,
      /** Failing analyses in a row tolerated before an automatic rollback (0: roll back on the first). */
      failure_limit: 1,
    },
    breaker: {
      /** Consecutive failures that open a version's circuit breaker. */
      failure_threshold: 5,
      /** Seconds an open breaker waits before letting one trial through. */
      reset_seconds: 60,
      /** A prediction slower than this counts as a failure. */
      timeout_ms: 250,
    },
  },
  backups: {
    /** Cron schedule of automatic backups (null: manual only). */
    schedule: null as string | null,
    /** Number of backups kept. */
    retention: 7,
    /** Also delete scheduled backups older than this many days, never the newest (null: count only). */
    max_age_days: null as number | null,
    /** Where backups are written. */
    dir: './var/backups',
  },
  jobs: {
    /** 'auto' uses BullMQ when REDIS_URL is set, in-process otherwise. */
    backend: 'auto',
    /** Jobs run at once per process. */
    concurrency: 1,
  },
  /** Working folder for the database, models, journal and the development secret. */
  var_dir: './var',
} as const;

/** Minimum length of a SECRET_KEY outside development. */
export const MIN_SECRET_LENGTH = 32;

/** Values people paste from examples; refused as SECRET_KEY anywhere but development. */
export const WEAK_SECRETS: readonly string[] = [
  'secret', 'changeme', 'change-me', 'password', 'development', 'test', 'default', 'riskgate',
  'your-secret-key', 'supersecret', 'please-change-me', 'changeme-changeme-changeme-changeme',
  'this-is-not-a-secret-this-is-not-a-secret',
];
