import type { Kysely, Selectable } from 'kysely';
import type { Database, FeedbackTable } from '../schema.js';
import type { FeedbackRecord, FeedbackRepository, JsonObject, LabelledPrediction, PredictionWindow } from '../store.js';
import { fromJsonColumn } from '../json-column.js';
import { clampLimit } from '../paging.js';
import { applyWindow } from './prediction-repository.js';

const LABELLED_LIMIT = 10_000;
const LABELLED_MAX = 200_000;

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

  async listLabelled(window: PredictionWindow, limit?: number): Promise<readonly LabelledPrediction[]> {
    const base = this.#db.selectFrom('predictions').innerJoin('feedback as f', 'f.prediction_id', 'predictions.id')
      // Latest outcome wins: keep the feedback row no later one for the same prediction outranks.
      .where(({ not, exists, selectFrom }) => not(exists(
        selectFrom('feedback as f2').select('f2.id').whereRef('f2.prediction_id', '=', 'f.prediction_id')
          .where((eb) => eb.or([
            eb('f2.observed_at', '>', eb.ref('f.observed_at')),
            eb.and([eb('f2.observed_at', '=', eb.ref('f.observed_at')), eb('f2.id', '>', eb.ref('f.id'))]),
          ])),
      )));
    const rows = await applyWindow(base, window)
      .select(['predictions.id', 'predictions.patient_hash', 'predictions.model_version', 'predictions.arm', 'predictions.rollout_id',
        'predictions.probability', 'predictions.output', 'predictions.created_at', 'f.outcome', 'f.observed_at'])
      .orderBy('predictions.created_at', 'asc').orderBy('predictions.id', 'asc')
      .limit(clampLimit(limit, LABELLED_LIMIT, LABELLED_MAX)).execute();
    return rows.map((r) => ({
      predictionId: r.id, patientHash: r.patient_hash, modelVersion: r.model_version, arm: r.arm, rolloutId: r.rollout_id, probability: r.probability,
      output: fromJsonColumn<JsonObject>(r.output), outcome: r.outcome === 1 ? 1 : 0, predictedAt: r.created_at, observedAt: r.observed_at,
    }));
  }
}
