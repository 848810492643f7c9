import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, loadDataset } from '../data/index.js';
import { isRiskgateError } from '../errors.js';
import { CHECKSUMS_FILE, sha256Hex } from './artifact-checksums.js';
import { trainingDataOf } from './artifact-metadata.js';
import { readArtifact, writeArtifact, type NewArtifactMetadata } from './artifact.js';
import { loadModel } from './load-model.js';
import { LogisticModel } from './logistic-model.js';
import { modelFromFile } from './model-from-file.js';
import type { Model } from './model.js';
import { importXgboostJson } from './xgboost-import.js';
import { XGBOOST_FIXTURES } from './xgboost-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'riskgate-artifact-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = () => join(root, `a${counter++}`);

const cleveland = loadDataset('uci:cleveland');
const METADATA: NewArtifactMetadata = {
  hyperparameters: { depth: 3, rounds: 20 },
  training_data: trainingDataOf(cleveland),
  metrics: { auc: 0.9, brier: 0.12 },
  threshold: 0.35,
  created_at: '2026-11-23T12:00:00.000Z',
};
const xgb = importXgboostJson(`${XGBOOST_FIXTURES}depth3-named.json`, { signature: HEART_SIGNATURE });
const logistic = new LogisticModel({
  featureNames: HEART_SIGNATURE.features.map((f) => f.name),
  intercept: -5,
  terms: [{ feature: 0, code: null, weight: 0.06, mean: 54 }, { feature: 2, code: 4, weight: 1.5, mean: 0.48 }],
  impute: HEART_SIGNATURE.features.map(() => 0),
}, HEART_SIGNATURE);

function tamperCode(f: () => unknown): { code: string; file: unknown; reason: unknown } {
  try {
    f();
  } catch (e) {
    if (isRiskgateError(e)) return { code: e.code, file: e.details.file, reason: e.details.reason };
    throw e;
  }
  throw new Error('expected a refusal');
}

function samePredictions(a: Model, b: Model): void {
  const n = cleveland.n;
  expect([...b.predictRaw(cleveland.x, n)]).toEqual([...a.predictRaw(cleveland.x, n)]);
}

describe('writeArtifact / readArtifact', () => {
  it.each([['tree ensemble', xgb], ['logistic', logistic]] as const)('round-trips a %s model with its metadata', (_label, model) => {
    const dir = freshDir();
    const written = writeArtifact(dir, { model, metadata: METADATA, extraFiles: { 'card.md': '# Model card\n' } });
    expect(readdirSync(dir).sort()).toEqual(['card.md', CHECKSUMS_FILE, 'metadata.json', 'model.json']);
    const loaded = readArtifact(dir);
    samePredictions(model, loaded.model);
    expect(loaded.model.constructor).toBe(model.constructor);
    expect(loaded.metadata).toEqual(written);
    expect(loaded.metadata).toMatchObject({ algorithm: model.algorithm, threshold: 0.35, training_data: { ids: ['uci:cleveland'], rows: 303 } });
    expect(loaded.metadata.signature).toEqual(HEART_SIGNATURE);
    expect(loaded.checksum).toBe(sha256Hex(readFileSync(join(dir, CHECKSUMS_FILE))));
    expect([...loaded.files].sort()).toEqual(['card.md', 'metadata.json', 'model.json']);
  });

  it('writes checksums in sha256sum format', () => {
    const dir = freshDir();
    writeArtifact(dir, { model: logistic, metadata: METADATA });
    const lines = readFileSync(join(dir, CHECKSUMS_FILE), 'utf8').trimEnd().split('\n');
    expect(lines).toEqual(['metadata.json', 'model.json'].map((f) => `${sha256Hex(readFileSync(join(dir, f)))}  ${f}`));
  });

  it('records the git commit when run in a repository, and null when told', () => {
    const dir = freshDir();
    const m = writeArtifact(dir, { model: logistic, metadata: { ...METADATA, created_at: undefined } });
    expect(m.git_commit).toMatch(/^[0-9a-f]{40}$/); // the tests run inside the riskgate checkout
    expect(Date.parse(m.created_at)).not.toBeNaN();
    expect(writeArtifact(freshDir(), { model: logistic, metadata: { ...METADATA, git_commit: null } }).git_commit).toBeNull();
  });

  it('refuses to overwrite a non-empty folder and odd extra file names', () => {
    const dir = freshDir();
    writeArtifact(dir, { model: logistic, metadata: METADATA });
    expect(tamperCode(() => writeArtifact(dir, { model: logistic, metadata: METADATA })).code).toBe('CONFLICT');
    for (const name of ['../x', '.hidden', 'model.json', CHECKSUMS_FILE, 'a/b']) {
      expect(tamperCode(() => writeArtifact(freshDir(), { model: logistic, metadata: METADATA, extraFiles: { [name]: 'x' } })).code).toBe('BAD_REQUEST');
    }
    const empty = freshDir();
    mkdirSync(empty);
    writeArtifact(empty, { model: logistic, metadata: METADATA });
    expect(readArtifact(empty).model.algorithm).toBe('logistic');
    expect(readdirSync(root).filter((n) => n.includes('partial'))).toEqual([]);
  });

  describe('refuses a tampered artifact, naming the file', () => {
    const fresh = () => {
      const dir = freshDir();
      writeArtifact(dir, { model: xgb, metadata: METADATA, extraFiles: { 'card.md': '# card\n' } });
      return dir;
    };
    it.each<[string, (dir: string) => void, string, string]>([
      ['a changed model file', (d) => writeFileSync(join(d, 'model.json'), readFileSync(join(d, 'model.json'), 'utf8').replace('"baseScore":0', '"baseScore":1')), 'model.json', 'SHA-256'],
      ['a truncated model file', (d) => truncateSync(join(d, 'model.json'), 100), 'model.json', 'truncated'],
      ['a changed metadata file', (d) => writeFileSync(join(d, 'metadata.json'), readFileSync(join(d, 'metadata.json'), 'utf8').replace('0.35', '0.05')), 'metadata.json', 'SHA-256'],
      ['a changed extra file', (d) => appendFileSync(join(d, 'card.md'), 'more'), 'card.md', 'SHA-256'],
      ['a missing extra file', (d) => unlinkSync(join(d, 'card.md')), 'card.md', 'missing'],
      ['a missing model file', (d) => unlinkSync(join(d, 'model.json')), 'model.json', 'missing'],
      ['a missing checksum list', (d) => unlinkSync(join(d, CHECKSUMS_FILE)), CHECKSUMS_FILE, 'missing'],
      ['an unlisted file', (d) => writeFileSync(join(d, 'extra.bin'), 'x'), 'extra.bin', 'not listed'],
      ['an unlisted folder', (d) => mkdirSync(join(d, 'sub')), 'sub', 'not listed'],
      ['a model file removed from the list', (d) => writeFileSync(join(d, CHECKSUMS_FILE), readFileSync(join(d, CHECKSUMS_FILE), 'utf8').split('\n').filter((l) => !l.endsWith('model.json')).join('\n')), 'model.json', 'not listed'],
      ['a garbled list', (d) => appendFileSync(join(d, CHECKSUMS_FILE), 'nonsense\n'), CHECKSUMS_FILE, 'line 4'],
      ['a path in the list', (d) => appendFileSync(join(d, CHECKSUMS_FILE), `${'0'.repeat(64)}  ../etc/passwd\n`), CHECKSUMS_FILE, 'plain file name'],
    ])('%s', (_label, tamper, file, reason) => {
      const dir = fresh();
      tamper(dir);
      const r = tamperCode(() => readArtifact(dir));
      expect(r).toMatchObject({ code: 'ARTIFACT_TAMPERED', file });
      expect(String(r.reason)).toContain(reason);
    });
  });

  it('refuses content that verifies but is malformed, with MODEL_INVALID', () => {
    const dir = freshDir();
    writeArtifact(dir, { model: logistic, metadata: METADATA });
    const meta = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'metadata.json'), JSON.stringify({ ...meta, threshold: 'high' }));
    const sums = ['metadata.json', 'model.json'].map((f) => `${sha256Hex(readFileSync(join(dir, f)))}  ${f}\n`).join('');
    writeFileSync(join(dir, CHECKSUMS_FILE), sums);
    expect(tamperCode(() => readArtifact(dir))).toMatchObject({ code: 'MODEL_INVALID', file: 'metadata.json', reason: expect.stringContaining('threshold') });
  });
});

describe('modelFromFile', () => {
  it('refuses an unknown format and a logistic file of the wrong shape', () => {
    expect(tamperCode(() => modelFromFile({ format: 'onnx/1' }, HEART_SIGNATURE, 'x.json'))).toMatchObject({ code: 'MODEL_INVALID', file: 'x.json', reason: expect.stringContaining('onnx/1') });
    expect(tamperCode(() => modelFromFile(null, HEART_SIGNATURE))).toMatchObject({ code: 'MODEL_INVALID' });
    expect(tamperCode(() => modelFromFile({ format: 'riskgate-logistic/1', algorithm: 'logistic', logistic: { terms: 'x' } }, HEART_SIGNATURE))).toMatchObject({ code: 'MODEL_INVALID', file: 'model.json' });
    expect(tamperCode(() => modelFromFile({ format: 'riskgate-tree-ensemble/1', algorithm: 'gbdt', ensemble: {} }, HEART_SIGNATURE))).toMatchObject({ code: 'MODEL_INVALID' });
  });
});

describe('loadModel', () => {
  it('loads an artifact folder or an XGBoost JSON file', () => {
    const dir = freshDir();
    writeArtifact(dir, { model: xgb, metadata: METADATA });
    samePredictions(xgb, loadModel(dir));
    samePredictions(xgb, loadModel(dir, { signature: HEART_SIGNATURE }));
    const plain = loadModel(`${XGBOOST_FIXTURES}depth3-named.json`);
    expect(plain.signature.permissive).toBe(true);
    samePredictions(xgb, plain);
    expect(loadModel(`${XGBOOST_FIXTURES}depth3-named.json`, { signature: HEART_SIGNATURE }).signature).toBe(HEART_SIGNATURE);
  });

  it('refuses a missing path and another signature for an artifact', () => {
    expect(tamperCode(() => loadModel(join(root, 'nope')))).toMatchObject({ code: 'MODEL_INVALID' });
    const dir = freshDir();
    writeArtifact(dir, { model: xgb, metadata: METADATA });
    expect(existsSync(dir)).toBe(true);
    const other = { ...HEART_SIGNATURE, features: HEART_SIGNATURE.features.map((f) => ({ ...f, allowMissing: true })) };
    expect(tamperCode(() => loadModel(dir, { signature: other })).code).toBe('MODEL_INVALID');
  });
});
