import { RiskgateError } from '../errors.js';

/** Default and maximum page sizes of listings. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 1000;

/** The page size to use: default when absent, clamped to [1, MAX_PAGE_LIMIT]. */
export function clampLimit(limit: number | undefined, fallback = DEFAULT_PAGE_LIMIT, max = MAX_PAGE_LIMIT): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

/** An opaque cursor (base64url JSON) from the sort key of the last row of a page. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key inside a cursor; BAD_REQUEST when it was not made by encodeCursor with this shape. */
export function decodeCursor<T extends readonly (string | number)[]>(cursor: string, shape: readonly ('string' | 'number')[]): T {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== shape.length || key.some((v, i) => typeof v !== shape[i])) {
    throw new RiskgateError('BAD_REQUEST', { reason: 'Invalid page cursor.' });
  }
  return key as unknown as T;
}

/** Rows per page of a long monitoring read (listWindow, listLabelled). */
export const READ_PAGE = 1000;

/**
 * Lets the event loop run what is waiting (requests) before the next page of a long read:
 * better-sqlite3 runs each query synchronously on the calling thread, and the alert evaluation
 * and the rollout judge read on the serving thread.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
