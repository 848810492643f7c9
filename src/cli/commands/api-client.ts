import { loadConfig } from '../../config/index.js';
import { ERROR_CATALOG, RiskgateError, type ErrorCode } from '../../errors.js';

/** Per-request timeout of CLI calls to a server. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** Options of commands that act on a running server. */
export interface ServerOptions {
  /** Environment whose api_url (and client.key) to use. */
  readonly env?: string;
  /** Base URL; overrides the environment's api_url. */
  readonly url?: string;
  /** API key; overrides RISKGATE_API_KEY (config client.key). */
  readonly key?: string;
}

/**
 * A small JSON client of the riskgate HTTP API. Error answers become the server's own
 * RiskgateError (same code and message); an unreachable server is SERVICE_UNAVAILABLE.
 */
export class ApiClient {
  readonly baseUrl: string;
  readonly #key: string | null;
  readonly #timeoutMs: number;

  constructor(baseUrl: string, key: string | null, timeoutMs = DEFAULT_TIMEOUT_MS) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#key = key;
    this.#timeoutMs = timeoutMs;
  }

  /** The client a command's --env/--url/--key options describe (config is read once, without writing secrets). */
  static fromOptions(o: ServerOptions): ApiClient {
    const config = loadConfig({ env: o.env, checkSecrets: false, persistSecret: false });
    return new ApiClient(o.url ?? config.api_url, o.key ?? config.client.key);
  }

  get<T>(path: string, headers: Record<string, string> = {}): Promise<T> {
    return this.request<T>('GET', path, undefined, headers);
  }

  post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.request<T>('POST', path, body, headers);
  }

  /** Sends one request and returns the parsed JSON body; throws the server's error otherwise. */
  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    const all: Record<string, string> = { ...headers };
    if (this.#key) all.authorization = `Bearer ${this.#key}`;
    if (body !== undefined) all['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (e) {
      throw new RiskgateError('SERVICE_UNAVAILABLE', { reason: `cannot reach ${this.baseUrl}: ${(e as Error).message}` }, { cause: e });
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!res.ok) throw errorOf(parsed, res.status, `${method} ${path}`);
    return parsed as T;
  }
}

/** The RiskgateError an error answer carries. */
function errorOf(body: unknown, status: number, what: string): RiskgateError {
  const err = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
  const code: ErrorCode = err?.code && err.code in ERROR_CATALOG ? (err.code as ErrorCode) : 'SERVICE_UNAVAILABLE';
  const message = err?.message ?? `${what} answered HTTP ${status}`;
  return new RiskgateError(code, { ...(err?.details ?? {}), reason: message }, { message });
}
