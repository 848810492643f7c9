import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../schema.js';
import type { AuditBreak, AuditEntry, AuditQuery, AuditRecord, AuditRepository, AuditVerification, JsonObject, Page } from '../store.js';
import { hashAuditRecord } from '../audit-hash.js';
import { canonicalJson } from '../canonical-json.js';
import { AUDIT_GENESIS_HASH } from '../migrations/index.js';
import { clampLimit, decodeCursor, encodeCursor } from '../paging.js';

/** Records read per round trip while verifying. */
const VERIFY_BATCH = 2000;

function toAuditRecord(row: Selectable<AuditLogTable>): AuditRecord {
  return {
    seq: Number(row.seq), at: row.at, actor: row.actor, action: row.action, target: row.target, ip: row.ip,
    result: row.result, details: JSON.parse(row.details) as JsonObject, prevHash: row.prev_hash, hash: row.hash,
  };
}

/** AuditRepository over Kysely (both dialects), chained through the one-row audit_head table. */
export class KyselyAuditRepository implements AuditRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async append(entry: AuditEntry): Promise<AuditRecord> {
    const details = canonicalJson(entry.details);
    return this.#db.transaction().execute(async (trx) => {
      // Bumping the head first takes the write lock before anything is read: PostgreSQL
      // queues concurrent appenders on this row lock (and re-reads the committed row), and a
      // deferred SQLite transaction becomes a writer at once, so busy_timeout applies.
      const head = await trx.updateTable('audit_head').set((eb) => ({ seq: eb('seq', '+', 1) }))
        .where('id', '=', 1).returning(['seq', 'hash']).executeTakeFirstOrThrow();
      const seq = Number(head.seq);
      const stored: AuditEntry = { ...entry, details: JSON.parse(details) as JsonObject };
      const hash = hashAuditRecord(head.hash, seq, stored);
      await trx.insertInto('audit_log').values({
        seq, at: entry.at, actor: entry.actor, action: entry.action, target: entry.target, ip: entry.ip,
        result: entry.result, details, prev_hash: head.hash, hash,
      }).execute();
      await trx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
      return { ...stored, seq, prevHash: head.hash, hash };
    });
  }

  async list(query: AuditQuery = {}): Promise<Page<AuditRecord>> {
    const limit = clampLimit(query.limit);
    let q = this.#db.selectFrom('audit_log').selectAll();
    if (query.actor !== undefined) q = q.where('actor', '=', query.actor);
    if (query.action !== undefined) q = q.where('action', '=', query.action);
    if (query.target !== undefined) q = q.where('target', '=', query.target);
    if (query.since !== undefined) q = q.where('at', '>=', query.since);
    if (query.until !== undefined) q = q.where('at', '<', query.until);
    if (query.cursor) q = q.where('seq', '<', decodeCursor<[number]>(query.cursor, ['number'])[0]);
    const rows = await q.orderBy('seq', 'desc').limit(limit + 1).execute();
    const items = rows.slice(0, limit).map(toAuditRecord);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null };
  }

  async verify(): Promise<AuditVerification> {
    let expectedSeq = 1;
    let prevHash = AUDIT_GENESIS_HASH;
    let checked = 0;
    const broken = (b: AuditBreak): AuditVerification => ({ ok: false, checked, firstBroken: b });
    for (;;) {
      const rows = await this.#db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq)
        .orderBy('seq', 'asc').limit(VERIFY_BATCH).execute();
      for (const row of rows) {
        const record = toAuditRecord(row);
        if (record.seq !== expectedSeq) {
          return broken({ seq: expectedSeq, reason: 'missing-record', message: `Record ${expectedSeq} is missing (the next stored record is ${record.seq}).` });
        }
        if (record.prevHash !== prevHash) {
          return broken({ seq: record.seq, reason: 'prev-hash-mismatch', message: `Record ${record.seq} does not point at the hash of record ${record.seq - 1}: a record before it was altered or replaced.` });
        }
        if (hashAuditRecord(prevHash, record.seq, record) !== record.hash) {
          return broken({ seq: record.seq, reason: 'hash-mismatch', message: `Record ${record.seq} was altered: its content does not match its hash.` });
        }
        prevHash = record.hash;
        expectedSeq += 1;
        checked += 1;
      }
      if (rows.length < VERIFY_BATCH) break;
    }
    // The head remembers the last seq and hash, so removing or rewriting the newest records shows too.
    const head = await this.#db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    const lastSeq = expectedSeq - 1;
    if (Number(head.seq) > lastSeq) {
      return broken({ seq: lastSeq + 1, reason: 'tail-truncated', message: `Records ${lastSeq + 1}…${Number(head.seq)} are missing from the end of the log.` });
    }
    if (Number(head.seq) !== lastSeq || head.hash !== prevHash) {
      return broken({ seq: lastSeq, reason: 'hash-mismatch', message: `Record ${lastSeq} does not match the chain head (seq ${Number(head.seq)}).` });
    }
    return { ok: true, checked, firstBroken: null };
  }
}
