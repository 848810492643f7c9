import type { AuditEntry, AuditQuery, AuditRecord, AuditVerification, JsonObject, Page, Store } from '../store/index.js';

/** What callers record; `at` defaults to now, the optional fields to null / {}. */
export interface AuditInput {
  readonly actor: string;
  readonly action: string;
  readonly result: string;
  readonly target?: string | null;
  readonly ip?: string | null;
  readonly details?: JsonObject;
  readonly at?: number;
}

/**
 * The append-only audit log of mutating calls and patient-data reads: who, what, when, from
 * where, result. Each record carries the SHA-256 of the previous one (the store computes the
 * chain atomically); verify() finds the first broken link.
 */
export class AuditLog {
  readonly #store: Pick<Store, 'audit'>;
  readonly #clock: () => number;

  constructor(options: { readonly store: Pick<Store, 'audit'>; readonly clock?: () => number }) {
    this.#store = options.store;
    this.#clock = options.clock ?? Date.now;
  }

  /** Appends one record and returns it with its seq and hashes. */
  async record(input: AuditInput): Promise<AuditRecord> {
    const entry: AuditEntry = {
      at: input.at ?? this.#clock(), actor: input.actor, action: input.action, target: input.target ?? null,
      ip: input.ip ?? null, result: input.result, details: input.details ?? {},
    };
    return this.#store.audit.append(entry);
  }

  /** Records newest first, filtered and paged. */
  async list(query: AuditQuery = {}): Promise<Page<AuditRecord>> {
    return this.#store.audit.list(query);
  }

  /** Walks the chain; reports the first broken link instead of throwing. */
  async verify(): Promise<AuditVerification> {
    return this.#store.audit.verify();
  }
}
