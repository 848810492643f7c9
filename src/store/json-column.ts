import type { JsonValue } from './store.js';

/** Encodes a value for a JSON column (text in SQLite, jsonb in PostgreSQL: both take text). */
export function toJsonColumn(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Decodes a JSON column (both dialects hand back the text: pg's jsonb parser is replaced). */
export function fromJsonColumn<T = JsonValue>(text: string): T {
  return JSON.parse(text) as T;
}

/** Decodes a nullable JSON column. */
export function fromNullableJsonColumn<T = JsonValue>(text: string | null): T | null {
  return text === null ? null : fromJsonColumn<T>(text);
}
