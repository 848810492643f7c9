/**
 * The dashboard's client of the riskgate HTTP API. The API key lives in sessionStorage (it
 * is gone when the tab closes) and is sent as a Bearer token; every error comes back as the
 * server's `{error: {code, message, details}}`, thrown as an ApiError.
 */
const KEY_STORAGE = 'riskgate.apiKey';

/** An error answered by the server, with its stable code. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: unknown) {
    super(message);
  }
}

/** The key the user signed in with, or null. */
export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

/** Remembers (or forgets, with null) the key for this tab. */
export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY_STORAGE);
  else sessionStorage.setItem(KEY_STORAGE, key);
}

/** Calls the API; resolves with the parsed JSON body or rejects with an ApiError. */
export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const key = storedKey();
  const res = await fetch(path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? safeParse(text) : null;
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText, err?.details);
  }
  return json as T;
}

/** Fetches a text resource (e.g. a model card's HTML) with the key. */
export async function apiText(path: string): Promise<string> {
  const key = storedKey();
  const res = await fetch(path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, await res.text(), null);
  return res.text();
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: 'BAD_RESPONSE', message: text.slice(0, 200) } };
  }
}

/** Roles in increasing power, as the server orders them. */
export const ROLES = ['viewer', 'predictor', 'deployer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `actual` is at least `required`. */
export function hasRole(actual: Role | undefined, required: Role): boolean {
  return actual !== undefined && ROLES.indexOf(actual) >= ROLES.indexOf(required);
}
