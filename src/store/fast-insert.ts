/** A backend's fast path for batched inserts of plain rows, skipping ids already present; returns how many were new. */
export type FastInsert = (table: 'predictions', rows: readonly Record<string, unknown>[]) => Promise<number>;
