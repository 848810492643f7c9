import type { Signature } from './signature.js';
import { validate, type Problem } from './validate.js';

/** Problems of one row of a batch, by its 0-based position in the batch. */
export interface RowProblems {
  readonly index: number;
  readonly problems: readonly Problem[];
}

/** The outcome of {@link validateRows}: a row-major n × p matrix, or the problems of every bad row. */
export type RowsValidationResult =
  | { readonly ok: true; readonly x: Float64Array; readonly n: number }
  | { readonly ok: false; readonly rows: readonly RowProblems[] };

const NOT_AN_ARRAY: RowProblems = {
  index: -1,
  problems: [{ field: '', code: 'NOT_AN_OBJECT', message: 'A batch must be a JSON array of objects.' }],
};

/**
 * Validates a batch with {@link validate}, row by row, and packs the good result into one
 * matrix in signature order (NaN = missing). A batch is all or nothing: any bad row makes the
 * result a list of every bad row with its problems. Never throws; a non-array input is
 * reported with index -1.
 */
export function validateRows(inputs: unknown, signature: Signature): RowsValidationResult {
  if (!Array.isArray(inputs)) return { ok: false, rows: [NOT_AN_ARRAY] };
  const p = signature.features.length;
  const x = new Float64Array(inputs.length * p);
  const bad: RowProblems[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const r = validate(inputs[i], signature);
    if (r.ok) x.set(r.row, i * p);
    else bad.push({ index: i, problems: r.problems });
  }
  return bad.length === 0 ? { ok: true, x, n: inputs.length } : { ok: false, rows: bad };
}
