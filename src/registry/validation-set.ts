import { HEART_SIGNATURE, heartHeldOutClevelandRows, loadDataset, sameSignature, subsetDataset, type Dataset, type Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';

/**
 * A fixed, versioned labelled data set that versions are evaluated on. Its `id` names the
 * selection and its version; changing the selection means a new id, never a silent edit, so
 * reports made with different selections are never compared by mistake.
 */
export interface ValidationSet {
  readonly id: string;
  /** One sentence a reader can check the selection against. */
  readonly description: string;
  readonly data: Dataset;
}

/** Id of the built-in heart validation set. */
export const HEART_VALIDATION_ID = 'heart-validation/1';

/**
 * heart-validation/1: every fourth Cleveland row (0-based row index i with i % 4 === 3, 75
 * rows) plus all 294 Hungarian rows. A model trained on Cleveland should leave those 75 rows
 * out (the other 228 are its training pool); the Hungarian rows are an external site, with the
 * missing values (slope, ca, thal) real patients bring.
 */
export const HEART_VALIDATION_DESCRIPTION =
  'heart-validation/1: Cleveland rows with 0-based index i % 4 == 3 (75 held-out patients) plus all 294 Hungarian patients (an external site); target num > 0.';

/** Rows of the Cleveland file held out by heart-validation/1 (0-based indices); defined in src/data so training can leave them out. */
export { heartHeldOutClevelandRows };

let heartCache: ValidationSet | null = null;

/** The heart validation set (loaded once; the data are immutable). */
export function heartValidationSet(): ValidationSet {
  if (heartCache) return heartCache;
  const cleveland = loadDataset('uci:cleveland');
  const hungarian = loadDataset('uci:hungarian');
  const held = subsetDataset(cleveland, heartHeldOutClevelandRows(cleveland.n));
  const p = cleveland.features.length;
  const n = held.n + hungarian.n;
  const x = new Float64Array(n * p);
  x.set(held.x, 0);
  x.set(hungarian.x, held.n * p);
  const y = new Uint8Array(n);
  y.set(held.y, 0);
  y.set(hungarian.y, held.n);
  const data: Dataset = {
    id: HEART_VALIDATION_ID,
    sha256: `${cleveland.sha256}+${hungarian.sha256}`,
    features: cleveland.features,
    n,
    x,
    y,
    groups: [...held.groups, ...hungarian.groups],
  };
  heartCache = { id: HEART_VALIDATION_ID, description: HEART_VALIDATION_DESCRIPTION, data };
  return heartCache;
}

/**
 * The validation set for a signature: heart-validation/1 for the heart signature; otherwise
 * the labelled CSV file given at registration (its id names the file and its SHA-256), or null
 * when there is none (such a version cannot pass the data-driven gates).
 */
export function resolveValidationSet(signature: Signature, source: string | null): ValidationSet | null {
  if (source) {
    try {
      const data = loadDataset(source, { signature });
      const id = `file:${source}#${data.sha256.slice(0, 12)}`;
      return { id, description: `${id}: all ${data.n} rows of the labelled file given at registration.`, data: { ...data, id } };
    } catch (e) {
      throw new RiskgateError('BAD_REQUEST', { reason: `validation data ${source} cannot be read for this signature: ${(e as Error).message}` }, { cause: e });
    }
  }
  return sameSignature(signature, HEART_SIGNATURE) ? heartValidationSet() : null;
}
