import type { Kysely, Selectable } from 'kysely';
import type { Database, FeedbackTable } from '../schema.js';
import type { FeedbackRecord, FeedbackRepository, JsonObject, LabelledPrediction, PredictionWindow } from '../store.js';
import { fromJsonColumn } from '../json-column.js';
import { clampLimit, nextTurn, READ_PAGE } from '../paging.js';
import { applyWindow } from './prediction-repository.js';

const LABELLED_LIMIT = 10_000;
const LABELLED_MAX = 200_000;
/** How far a replica's clock may lag another's: feedback created this long before a window began is still read. */
const FEEDBACK_SKEW_MS = 10 * 60_000;
/** Prediction ids per look-up query (well under both dialects' parameter limits). */
const ID_CHUNK = 500;

/** A prediction's latest outcome, as listLabelled's first step reads it. */
type OutcomeRow = Pick<Selectable<FeedbackTable>, 'id' | 'created_at' | 'prediction_id' | 'outcome' | 'observed_at'>;

function toFeedbackRecord(row: Selectable<FeedbackTable>): FeedbackRecord {
  return {
    id: row.id, predictionId: row.prediction_id, patientHash: row.patient_hash, outcome: row.outcome === 1 ? 1 : 0,
    observedAt: row.observed_at, createdAt: row.created_at,
  };
}

/** FeedbackRepository over Kysely (both dialects). */
export class KyselyFeedbackRepository implements FeedbackRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(record: FeedbackRecord): Promise<FeedbackRecord> {
    let predictionId = record.predictionId;
    if (predictionId === null && record.patientHash !== null) {
      // An outcome given for a patient labels the latest prediction made before it was observed.
      const latest = await this.#db.selectFrom('predictions').select('id')
        .where('patient_hash', '=', record.patientHash).where('created_at', '<=', record.observedAt)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      predictionId = latest?.id ?? null;
    }
    const row = {
      id: record.id, prediction_id: predictionId, patient_hash: record.patientHash, outcome: record.outcome,
      observed_at: record.observedAt, created_at: record.createdAt,
    };
    await this.#db.insertInto('feedback').values(row).execute();
    return toFeedbackRecord(row);
  }

  async get(id: string): Promise<FeedbackRecord | null> {
    const row = await this.#db.selectFrom('feedback').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toFeedbackRecord(row);
  }

  /**
   * In two steps, so the cost follows the outcomes, not the predictions: first the latest
   * outcome of each prediction among the feedback created since the window began (an outcome
   * comes after its prediction; FEEDBACK_SKEW_MS covers replicas' clocks), then those
   * predictions by primary key, narrowed to the window. One join let the planners walk every
   * prediction of the window and probe feedback for each (80 ms a day of predictions with no
   * outcome at all, on the serving thread, at every alert evaluation).
   * Both steps go in pages with a turn of the event loop between them: better-sqlite3 runs a
   * query synchronously on the calling thread, and the alert evaluation and the rollout judge
   * call this on the serving thread — in one piece, a day of 50,000 outcomes held it ~1 s.
   */
  async listLabelled(window: PredictionWindow, limit?: number): Promise<readonly LabelledPrediction[]> {
    const outcomes: OutcomeRow[] = [];
    let after: { readonly createdAt: number; readonly id: string } | null = null;
    for (;;) {
      const from = after;
      const page: OutcomeRow[] = await this.#db.selectFrom('feedback as f')
        .select(['f.id', 'f.created_at', 'f.prediction_id', 'f.outcome', 'f.observed_at'])
        .where('f.created_at', '>=', window.since - FEEDBACK_SKEW_MS)
        .where('f.prediction_id', 'is not', null)
        .$if(from !== null, (q) => q.where((eb) => eb(eb.refTuple('f.created_at', 'f.id'), '>', eb.tuple(from!.createdAt, from!.id))))
        // Latest outcome wins: keep the feedback row no later one for the same prediction outranks.
        .where(({ not, exists, selectFrom }) => not(exists(
          selectFrom('feedback as f2').select('f2.id').whereRef('f2.prediction_id', '=', 'f.prediction_id')
            .where((eb) => eb.or([
              eb('f2.observed_at', '>', eb.ref('f.observed_at')),
              eb.and([eb('f2.observed_at', '=', eb.ref('f.observed_at')), eb('f2.id', '>', eb.ref('f.id'))]),
            ])),
        )))
        .orderBy('f.created_at').orderBy('f.id').limit(READ_PAGE)
        .execute();
      outcomes.push(...page);
      if (page.length < READ_PAGE) break;
      const last = page[page.length - 1];
      after = { createdAt: last.created_at, id: last.id };
      await nextTurn();
    }
    const byPrediction = new Map(outcomes.map((o) => [o.prediction_id as string, o]));
    const ids = [...byPrediction.keys()];
    const labelled: LabelledPrediction[] = [];
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = await applyWindow(this.#db.selectFrom('predictions').where('predictions.id', 'in', ids.slice(i, i + ID_CHUNK)), window)
        .select(['predictions.id', 'predictions.patient_hash', 'predictions.model_version', 'predictions.arm', 'predictions.rollout_id',
          'predictions.probability', 'predictions.output', 'predictions.created_at'])
        .execute();
      for (const r of chunk) {
        const o = byPrediction.get(r.id) as OutcomeRow;
        labelled.push({
          predictionId: r.id, patientHash: r.patient_hash, modelVersion: r.model_version, arm: r.arm, rolloutId: r.rollout_id, probability: r.probability,
          output: fromJsonColumn<JsonObject>(r.output), outcome: o.outcome === 1 ? 1 : 0, predictedAt: r.created_at, observedAt: o.observed_at,
        });
      }
      await nextTurn();
    }
    labelled.sort((a, b) => a.predictedAt - b.predictedAt || (a.predictionId < b.predictionId ? -1 : a.predictionId > b.predictionId ? 1 : 0));
    return labelled.slice(0, clampLimit(limit, LABELLED_LIMIT, LABELLED_MAX));
  }
}
