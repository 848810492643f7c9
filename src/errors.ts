/**
 * The one error catalog. Every expected failure in riskgate is a `RiskgateError` carrying a
 * stable code from this table; the HTTP layer maps it to `{error: {code, message, details}}`
 * with the status listed here, and the CLI prints the message and exits non-zero.
 *
 * Add new codes here (never elsewhere), each with a status and a message template; `{name}`
 * placeholders are filled from the details object. A test checks every code is documented.
 */
export const ERROR_CATALOG = {
  // --- input and requests (4xx) ---
  VALIDATION_FAILED: { status: 400, message: 'Input failed validation: {summary}', doc: 'The body or a row broke the model signature; details.problems lists every offending field.' },
  BAD_REQUEST: { status: 400, message: '{reason}', doc: 'A request or command argument is malformed.' },
  DATA_LOAD_FAILED: { status: 400, message: 'Could not read data set {source}: {reason}', doc: 'A data source (uci:site or CSV path) could not be read or parsed.' },
  UNAUTHENTICATED: { status: 401, message: 'A valid API key is required (header Authorization: Bearer rg_… or X-API-Key).', doc: 'No key, an unknown key, or a revoked/expired key.' },
  FORBIDDEN: { status: 403, message: 'This action needs the {required} role; the key has {actual}.', doc: 'The key role is below what the route needs.' },
  TEST_KEY_REFUSED: { status: 403, message: 'Test keys (rg_test_…) are not allowed in the {env} environment.', doc: 'allow_test_keys is false here.' },
  IP_NOT_ALLOWED: { status: 403, message: 'Requests from {ip} are not allowed by the IP allowlist.', doc: 'security.ip_allowlist excludes the caller.' },
  NOT_FOUND: { status: 404, message: '{what} not found.', doc: 'A resource (prediction, key, job…) does not exist.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No route {method} {url}.', doc: 'Unknown URL.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method {method} is not allowed on {url}.', doc: 'The URL exists but not with this method.' },
  CONFLICT: { status: 409, message: '{reason}', doc: 'The request conflicts with the current state.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Request body is larger than the limit of {limit} bytes.', doc: 'Body size limit exceeded.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Content type {contentType} is not supported; send application/json.', doc: 'Wrong Content-Type.' },
  RATE_LIMITED: { status: 429, message: 'Rate limit exceeded: {max} requests per {window}. Retry after {retryAfter}.', doc: 'Per-key or per-IP rate limit.' },
  // --- models and registry ---
  MODEL_NOT_FOUND: { status: 404, message: 'Model {version} not found.', doc: 'No such model version or alias.' },
  MODEL_INVALID: { status: 400, message: 'Model file {file} is invalid: {reason}', doc: 'A model file could not be parsed or is not supported.' },
  ARTIFACT_TAMPERED: { status: 422, message: 'Artifact file {file} does not match its checksum: {reason}', doc: 'checksums.sha256 disagrees with a file, or a file is missing.' },
  VERSION_RULE_BROKEN: { status: 422, message: 'Version {version} breaks the versioning rule: {reason}', doc: 'MAJOR for signature changes, MINOR for retraining, PATCH for metadata.' },
  GATES_FAILED: { status: 422, message: 'Version {version} cannot move to {alias}: {reason}', doc: 'Validation gates or strict promotion rules refuse the move.' },
  NO_PRODUCTION_MODEL: { status: 503, message: 'No production model is loaded in {env}.', doc: 'The registry has no production alias or it could not be loaded.' },
  // --- rollouts ---
  ROLLOUT_CONFLICT: { status: 409, message: 'Rollout {active} is already active in {env}; finish or abort it first.', doc: 'One active rollout per environment.' },
  ROLLOUT_NOT_FOUND: { status: 404, message: 'Rollout {id} not found.', doc: 'No such rollout.' },
  ROLLOUT_INVALID_ACTION: { status: 409, message: 'Cannot {action} rollout {id} in phase {phase}.', doc: 'The action is not allowed in the rollout current phase.' },
  // --- storage, config, operations ---
  STORE_UNAVAILABLE: { status: 503, message: 'The store is not reachable: {reason}', doc: 'Database connection failed.' },
  MIGRATIONS_PENDING: { status: 503, message: 'The database has pending migrations ({pending}); run `riskgate migrate`.', doc: 'Schema older than the code.' },
  DATABASE_AHEAD: { status: 503, message: 'The database has migrations this version does not know ({unknown}); upgrade riskgate.', doc: 'Schema newer than the code.' },
  CONFIG_INVALID: { status: 500, message: 'Configuration is invalid: {summary}', doc: 'environments.yml or environment variables fail validation.' },
  BACKUP_INVALID: { status: 422, message: 'Backup {file} is invalid: {reason}', doc: 'Manifest, counts or checksums do not match.' },
  TARGET_NOT_EMPTY: { status: 409, message: 'Restore target {target} is not empty; pass --force to overwrite it (a backup of it is taken first).', doc: 'Restore refuses non-empty targets.' },
  JOB_FAILED: { status: 500, message: 'Job {id} failed: {reason}', doc: 'A background job failed.' },
  SERVICE_UNAVAILABLE: { status: 503, message: '{reason}', doc: 'A dependency is temporarily unavailable (shutting down, breaker open…).' },
  INTERNAL: { status: 500, message: 'Internal error (request {requestId}).', doc: 'A genuine fault; logged with the request id.' },
} as const satisfies Record<string, { status: number; message: string; doc: string }>;

/** A stable error code from the catalog. */
export type ErrorCode = keyof typeof ERROR_CATALOG;

/** Fills `{name}` placeholders of a template from details; unknown names stay visible. */
function renderMessage(template: string, details: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    details[name] === undefined ? whole : String(details[name]),
  );
}

/** An expected failure with a stable code, an HTTP status and structured details. */
export class RiskgateError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, details: Record<string, unknown> = {}, options?: { cause?: unknown; message?: string }) {
    const entry = ERROR_CATALOG[code];
    super(options?.message ?? renderMessage(entry.message, details), { cause: options?.cause });
    this.name = 'RiskgateError';
    this.code = code;
    this.status = entry.status;
    this.details = details;
  }

  /** The JSON body sent to HTTP clients. */
  toJSON(): { error: { code: ErrorCode; message: string; details: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** True when `e` is a RiskgateError, optionally with the given code. */
export function isRiskgateError(e: unknown, code?: ErrorCode): e is RiskgateError {
  return e instanceof RiskgateError && (code === undefined || e.code === code);
}
