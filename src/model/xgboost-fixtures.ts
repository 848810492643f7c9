import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Test support (not exported from index.ts): the reference models made by
// test/fixtures/xgboost/make_fixtures.py with XGBoost 1.7.4.

/** Folder of the XGBoost fixtures, with a trailing slash. */
export const XGBOOST_FIXTURES = fileURLToPath(new URL('../../test/fixtures/xgboost/', import.meta.url));

/** XGBoost's own outputs for a fixture model: rows (null = missing), probabilities, margins, pred_contribs (bias last). */
export interface XgboostExpected {
  readonly features: string[];
  readonly rows: (number | null)[][];
  readonly probability: number[];
  readonly raw: number[];
  readonly contribs: number[][];
}

/** Reads NAME.expected.json. */
export function readXgboostExpected(name: string): XgboostExpected {
  return JSON.parse(readFileSync(`${XGBOOST_FIXTURES}${name}.expected.json`, 'utf8')) as XgboostExpected;
}
