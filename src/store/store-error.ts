import { RiskgateError, isRiskgateError } from '../errors.js';

/** Driver-independent kinds of database failure; each backend maps its native errors to one. */
export type StoreFailure = 'unique-violation' | 'foreign-key-violation' | 'unavailable' | 'schema-missing' | 'unknown';

/**
 * The one place a backend failure becomes a RiskgateError, so SQLite and PostgreSQL fail
 * identically. `what` says what was being attempted (e.g. 'keys.create'). Unknown failures
 * are genuine faults: they stay plain Errors (a 500), wrapped with the context.
 */
export function toStoreError(failure: StoreFailure, what: string, cause: unknown): Error {
  const reason = (cause as Error | undefined)?.message ?? String(cause);
  switch (failure) {
    case 'unique-violation':
      return new RiskgateError('CONFLICT', { reason: `${what}: a record with the same key already exists` }, { cause });
    case 'foreign-key-violation':
      return new RiskgateError('NOT_FOUND', { what: `A record referenced by ${what}` }, { cause });
    case 'unavailable':
      return new RiskgateError('STORE_UNAVAILABLE', { reason: `${what}: ${reason}` }, { cause });
    case 'schema-missing':
      return new RiskgateError('MIGRATIONS_PENDING', { pending: 'schema missing or incomplete' }, { cause });
    default:
      return new Error(`Store operation ${what} failed: ${reason}`, { cause });
  }
}

/** Why calls on a closed store fail (drivers may otherwise quietly reconnect). */
export const STORE_CLOSED = 'the store is closed';

/**
 * Wraps every method of a repository so driver errors go through toStoreError; RiskgateErrors
 * raised on purpose by the repository pass through untouched. Calls after close fail with
 * STORE_UNAVAILABLE.
 */
export function guardRepository<T extends object>(name: string, repo: T, classify: (e: unknown) => StoreFailure, isClosed: () => boolean = () => false): T {
  return new Proxy(repo, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const what = `${name}.${String(prop)}`;
      return async (...args: unknown[]) => {
        if (isClosed()) throw new RiskgateError('STORE_UNAVAILABLE', { reason: `${what}: ${STORE_CLOSED}` });
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (e) {
          if (isRiskgateError(e)) throw e;
          throw toStoreError(classify(e), what, e);
        }
      };
    },
  });
}
