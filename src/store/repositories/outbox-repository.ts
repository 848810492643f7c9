import type { Kysely, Selectable } from 'kysely';
import type { Database, OutboxTable } from '../schema.js';
import type { EpochMs, JsonObject, OutboxMessage, OutboxRepository } from '../store.js';
import { fromJsonColumn, toJsonColumn } from '../json-column.js';
import { clampLimit } from '../paging.js';

function toMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: Number(row.id), topic: row.topic, payload: fromJsonColumn<JsonObject>(row.payload), attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at, lastError: row.last_error, deliveredAt: row.delivered_at, createdAt: row.created_at,
  };
}

/** OutboxRepository over Kysely (both dialects). */
export class KyselyOutboxRepository implements OutboxRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async enqueue(topic: string, payload: JsonObject, at: EpochMs): Promise<OutboxMessage> {
    const row = await this.#db.insertInto('outbox').values({
      topic, payload: toJsonColumn(payload), attempts: 0, next_attempt_at: at, last_error: null, delivered_at: null, created_at: at,
    }).returningAll().executeTakeFirstOrThrow();
    return toMessage(row);
  }

  async due(topic: string, now: EpochMs, limit?: number): Promise<readonly OutboxMessage[]> {
    const rows = await this.#db.selectFrom('outbox').selectAll().where('topic', '=', topic).where('delivered_at', 'is', null)
      .where('next_attempt_at', '<=', now).orderBy('id', 'asc').limit(clampLimit(limit, 100)).execute();
    return rows.map(toMessage);
  }

  async markDelivered(id: number, at: EpochMs): Promise<void> {
    await this.#db.updateTable('outbox').set((eb) => ({ delivered_at: at, attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
  }

  async markFailed(id: number, error: string, nextAttemptAt: EpochMs): Promise<void> {
    await this.#db.updateTable('outbox').set((eb) => ({ last_error: error, next_attempt_at: nextAttemptAt, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id).execute();
  }
}
