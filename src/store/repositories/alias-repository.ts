import type { Kysely, Selectable } from 'kysely';
import { RiskgateError } from '../../errors.js';
import type { AliasMovesTable, Database } from '../schema.js';
import type { AliasMove, AliasRepository, EpochMs } from '../store.js';
import { clampLimit } from '../paging.js';

function toAliasMove(row: Selectable<AliasMovesTable>): AliasMove {
  return { id: Number(row.id), alias: row.alias, from: row.from_version, to: row.to_version, actor: row.actor, reason: row.reason, at: row.at };
}

/** AliasRepository over Kysely (both dialects): current pointers plus an append-only history. */
export class KyselyAliasRepository implements AliasRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async set(alias: string, to: string | null, move: { readonly actor: string; readonly reason: string; readonly at: EpochMs }): Promise<AliasMove> {
    return this.#db.transaction().execute(async (trx) => {
      if (to !== null) {
        const exists = await trx.selectFrom('model_versions').select('version').where('version', '=', to).executeTakeFirst();
        if (exists === undefined) throw new RiskgateError('MODEL_NOT_FOUND', { version: to });
      }
      const current = await trx.selectFrom('aliases').select('version').where('alias', '=', alias).executeTakeFirst();
      if (to === null) await trx.deleteFrom('aliases').where('alias', '=', alias).execute();
      else {
        await trx.insertInto('aliases').values({ alias, version: to, updated_at: move.at })
          .onConflict((oc) => oc.column('alias').doUpdateSet({ version: to, updated_at: move.at })).execute();
      }
      const row = await trx.insertInto('alias_moves').values({
        alias, from_version: current?.version ?? null, to_version: to, actor: move.actor, reason: move.reason, at: move.at,
      }).returningAll().executeTakeFirstOrThrow();
      return toAliasMove(row);
    });
  }

  async get(alias: string): Promise<string | null> {
    const row = await this.#db.selectFrom('aliases').select('version').where('alias', '=', alias).executeTakeFirst();
    return row?.version ?? null;
  }

  async list(): Promise<Readonly<Record<string, string>>> {
    const rows = await this.#db.selectFrom('aliases').select(['alias', 'version']).orderBy('alias').execute();
    return Object.fromEntries(rows.map((r) => [r.alias, r.version]));
  }

  async history(options: { readonly alias?: string; readonly limit?: number } = {}): Promise<readonly AliasMove[]> {
    let q = this.#db.selectFrom('alias_moves').selectAll();
    if (options.alias !== undefined) q = q.where('alias', '=', options.alias);
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(clampLimit(options.limit, 100)).execute();
    return rows.map(toAliasMove);
  }

  async at(alias: string, at: EpochMs): Promise<string | null> {
    const row = await this.#db.selectFrom('alias_moves').select('to_version').where('alias', '=', alias).where('at', '<=', at)
      .orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row?.to_version ?? null;
  }
}
