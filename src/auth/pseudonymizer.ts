import { createHmac } from 'node:crypto';
import { RiskgateError } from '../errors.js';

/** Fewest characters of SECRET_KEY accepted (config enforces stronger rules in strict environments). */
const MIN_SECRET_LENGTH = 16;

/**
 * Turns patient ids into pseudonyms: hex HMAC-SHA256 keyed by SECRET_KEY. The same id always
 * gives the same pseudonym under one key, so look-ups hash the id the same way; without the
 * key a pseudonym cannot be linked back to an id. Raw ids are never stored.
 */
export class Pseudonymizer {
  readonly #key: Buffer;

  constructor(secretKey: string) {
    if (secretKey.length < MIN_SECRET_LENGTH) {
      throw new RiskgateError('CONFIG_INVALID', { summary: `SECRET_KEY must have at least ${MIN_SECRET_LENGTH} characters to pseudonymise patient ids` });
    }
    this.#key = Buffer.from(secretKey, 'utf8');
  }

  /** The pseudonym of a patient id (64 hex characters). Ids are used exactly as given. Bound: pass it around as a function. */
  readonly pseudonymize = (patientId: string): string => createHmac('sha256', this.#key).update(patientId, 'utf8').digest('hex');
}
