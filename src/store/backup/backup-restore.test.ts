import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract, create as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRiskgateError } from '../../errors.js';
import { openStore } from '../open-store.js';
import type { Store } from '../store.js';
import { BACKUP_PATHS, MANIFEST_FILE } from './backup-manifest.js';
import { IN_CI, PG_URL, dropSchemas, makePrediction, probePostgres, uniqueSchema } from './backup-test-support.js';
import { createBackup } from './create-backup.js';
import { openBackup } from './open-backup.js';
import type { PgDumpTarget } from './run-pg-dump.js';
import { restoreBackup } from './restore-backup.js';

const VERSION = 'model-v1.0.0-20261123-1200';

/** How one backend opens stores for a test (a fresh database or schema each time). */
interface Backend {
  readonly name: string;
  /** Opens a fresh, unmigrated store; `second` opens another connection to the same database. */
  fresh(): Promise<{ store: Store; second: () => Promise<Store>; pgDump?: PgDumpTarget }>;
  cleanup(): Promise<void>;
}

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  const e = await promise.then(() => null, (err: unknown) => err);
  return isRiskgateError(e) ? e.code : e;
}

const root = mkdtempSync(join(tmpdir(), 'riskgate-backup-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const tempDir = (name: string): string => {
  const dir = join(root, `${name}-${(n += 1)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

const sqliteBackend: Backend = {
  name: 'SQLite',
  async fresh() {
    const file = join(tempDir('db'), 'riskgate.db');
    return { store: await openStore(`sqlite:${file}`), second: () => openStore(`sqlite:${file}`) };
  },
  async cleanup() {},
};

const pgProblem = await probePostgres(PG_URL);
const pgSchemas: string[] = [];
/** Each store in a schema of its own at `url`. */
function postgresBackend(url: string): Backend {
  return {
    name: 'PostgreSQL',
    async fresh() {
      const schema = uniqueSchema();
      pgSchemas.push(schema);
      return { store: await openStore(url, { schema }), second: () => openStore(url, { schema }), pgDump: { url, schema } };
    },
    cleanup: () => dropSchemas(url, pgSchemas),
  };
}
const pgBackend: Backend | null = pgProblem === null && PG_URL ? postgresBackend(PG_URL) : null;

/** A MODEL_PATH with one artifact folder, registered in the store, and a config file. */
async function seed(store: Store): Promise<{ modelPath: string; configFile: string }> {
  const modelPath = tempDir('models');
  const dir = join(modelPath, VERSION);
  mkdirSync(dir);
  const model = '{"format":"logistic","weights":[0.1,0.2]}\n';
  writeFileSync(join(dir, 'model.json'), model);
  writeFileSync(join(dir, 'checksums.sha256'), `${createHash('sha256').update(model).digest('hex')}  model.json\n`);
  await store.models.insert({ version: VERSION, checksum: 'a'.repeat(64), path: dir, metadata: { algorithm: 'logistic' }, signatureHash: 'b'.repeat(64), smokeSet: null, createdAt: 1, createdBy: 'test' });
  await store.aliases.set('production', VERSION, { actor: 'test', reason: 'seed', at: 2 });
  const configFile = join(tempDir('config'), 'environments.yml');
  writeFileSync(configFile, 'staging:\n  store:\n    url: postgres://riskgate:hunter2@db:5432/riskgate\n');
  return { modelPath, configFile };
}

/** Runs the round trip under load for one source backend and one target backend. */
function roundTrip(source: Backend, target: Backend): void {
  it(`backs up ${source.name} while predictions and audit records are written, restores into a fresh ${target.name}, and loses nothing acknowledged`, async () => {
    const { store, second, pgDump } = await source.fresh();
    expect((await store.migrate()).error).toBeNull();
    const { modelPath, configFile } = await seed(store);
    // The server: one connection writing batches and audit records without pause.
    const acked: string[] = [];
    let audited = 0;
    let stop = false;
    let reached: () => void = () => {};
    const warm = new Promise<void>((r) => { reached = r; });
    let i = 0;
    const writer = (async () => {
      while (!stop) {
        const batch = Array.from({ length: 25 }, () => makePrediction((i += 1)));
        await store.predictions.insertMany(batch);
        acked.push(...batch.map((p) => p.id));
        await store.audit.append({ at: 1_800_000_000_000 + i, actor: 'system', action: 'predict', target: batch[0]?.id ?? null, ip: null, result: 'ok', details: { n: batch.length } });
        audited += 1;
        if (acked.length >= 500) reached();
        // SQLite answers through microtasks only; yield so I/O (the backup) gets its turns, as a server's does.
        await new Promise<void>((r) => setImmediate(r));
      }
    })();
    await warm;
    // The operator: `riskgate backup` on its own connection while the writer carries on.
    const ackedBefore = [...acked];
    const auditedBefore = audited;
    const cli = await second();
    const out = join(tempDir('out'), 'backup.tar.gz');
    const result = await createBackup({ store: cli, out, modelPath, configFile, pgDump });
    const writtenDuring = acked.length - ackedBefore.length;
    stop = true;
    await writer;
    await cli.close();
    expect(writtenDuring).toBeGreaterThan(0);
    expect(result.manifest.counts.predictions).toBeGreaterThanOrEqual(ackedBefore.length);
    expect(result.manifest.counts.audit_log).toBeGreaterThanOrEqual(auditedBefore);
    expect(result.manifest.migrations).toEqual(['0001_initial', '0002_feedback_created_index', '0003_feedback_created_id_index']);
    expect(result.manifest.database.method).toBe(source === sqliteBackend ? 'sqlite-online-backup' : 'pg_dump');
    // No secret travels in the archive's configuration.
    const opened = await openBackup(out);
    const config = readFileSync(join(opened.dir, BACKUP_PATHS.configDir, 'environments.yml'), 'utf8');
    opened.dispose();
    expect(config).toContain('postgres://riskgate:***@db');
    expect(config).not.toContain('hunter2');

    const fresh = await target.fresh();
    const restoredModels = tempDir('restored-models');
    const report = await restoreBackup({ file: out, target: fresh.store, modelPath: restoredModels, safetyBackupDir: tempDir('safety') });
    expect(report.counts).toEqual(result.manifest.counts);
    expect(report.auditChecked).toBe(result.manifest.counts.audit_log);
    expect(report.safetyBackup).toBeNull();
    for (const id of ackedBefore) expect(await fresh.store.predictions.get(id), id).not.toBeNull();
    expect((await fresh.store.audit.verify()).ok).toBe(true);
    // Artifacts land in the new MODEL_PATH and the registry points there.
    const restored = await fresh.store.models.get(VERSION);
    expect(restored?.path).toBe(join(restoredModels, VERSION));
    expect(readFileSync(join(restoredModels, VERSION, 'model.json'), 'utf8')).toContain('logistic');
    expect(await fresh.store.aliases.get('production')).toBe(VERSION);
    // The restored store keeps working: new audit records chain onto the restored ones.
    await fresh.store.audit.append({ at: 1, actor: 'system', action: 'after-restore', target: null, ip: null, result: 'ok', details: {} });
    expect((await fresh.store.audit.verify()).ok).toBe(true);
    // Restoring again into the now non-empty target is refused, unless forced (after a safety backup).
    expect(await codeOf(restoreBackup({ file: out, target: fresh.store, modelPath: restoredModels, safetyBackupDir: tempDir('safety') }))).toBe('TARGET_NOT_EMPTY');
    const safetyDir = tempDir('safety');
    const forced = await restoreBackup({ file: out, target: fresh.store, modelPath: restoredModels, force: true, safetyBackupDir: safetyDir, pgDump: fresh.pgDump });
    expect(forced.safetyBackup).not.toBeNull();
    expect((await openBackup(forced.safetyBackup ?? '')).manifest.counts.audit_log).toBe(result.manifest.counts.audit_log + 1);
    expect(forced.counts).toEqual(result.manifest.counts);
    await store.close();
    await fresh.store.close();
  }, 120_000);
}

describe('backup and restore', () => {
  afterAll(async () => {
    await sqliteBackend.cleanup();
    await pgBackend?.cleanup();
  });

  roundTrip(sqliteBackend, sqliteBackend);
  if (pgBackend) {
    roundTrip(pgBackend, pgBackend);
    roundTrip(sqliteBackend, pgBackend);
    roundTrip(pgBackend, sqliteBackend);
  } else if (IN_CI) {
    it('needs PostgreSQL in CI', () => {
      throw new Error(`CI requires PostgreSQL for the backup round trip: ${pgProblem}`);
    });
  } else {
    // Explicit local skip with its reason in the title; in CI (the branch above) a missing PostgreSQL fails instead.
    it.skip(`PostgreSQL round trips — skipped locally: ${pgProblem}`, () => {});
  }

  describe('verification', () => {
    let out: string;
    beforeAll(async () => {
      const { store } = await sqliteBackend.fresh();
      await store.migrate();
      const { modelPath, configFile } = await seed(store);
      await store.predictions.insertMany([makePrediction(1), makePrediction(2)]);
      out = join(tempDir('out'), 'backup.tar.gz');
      await createBackup({ store, out, modelPath, configFile });
      await store.close();
    });

    /** Unpacks the archive, lets `tamper` change the folder, packs it again. */
    async function tampered(tamper: (dir: string) => void): Promise<string> {
      const dir = tempDir('unpacked');
      await extract({ file: out, cwd: dir });
      tamper(dir);
      const file = join(tempDir('tampered'), 'backup.tar.gz');
      await createTar({ gzip: true, file, cwd: dir }, readdirSync(dir));
      return file;
    }

    it('accepts the archive as written, with its counts', async () => {
      const opened = await openBackup(out);
      expect(opened.counts.predictions).toBe(2);
      expect(Object.keys(opened.manifest.files)).toContain(`${BACKUP_PATHS.modelsDir}/${VERSION}/model.json`);
      opened.dispose();
      expect(existsSync(opened.dir)).toBe(false);
    });

    it('names a changed artifact, a removed row, an unlisted file, a broken manifest and a non-archive', async () => {
      const reason = async (file: string): Promise<string> => {
        const e = await openBackup(file).then(() => null, (err: unknown) => err);
        return isRiskgateError(e, 'BACKUP_INVALID') ? String(e.details.reason) : String(e);
      };
      expect(await reason(await tampered((d) => writeFileSync(join(d, 'models', VERSION, 'model.json'), '{}')))).toMatch(/model\.json does not match its checksum/);
      expect(await reason(await tampered((d) => {
        const rows = join(d, BACKUP_PATHS.rowsDir, 'predictions.jsonl');
        writeFileSync(rows, readFileSync(rows, 'utf8').split('\n').slice(1).join('\n'));
      }))).toMatch(/predictions\.jsonl does not match its checksum/);
      expect(await reason(await tampered((d) => writeFileSync(join(d, 'extra.txt'), 'x')))).toMatch(/extra\.txt is in the archive but not in the manifest/);
      expect(await reason(await tampered((d) => {
        const m = JSON.parse(readFileSync(join(d, MANIFEST_FILE), 'utf8')) as { counts: Record<string, number> };
        m.counts.predictions = 3;
        writeFileSync(join(d, MANIFEST_FILE), JSON.stringify(m));
      }))).toMatch(/predictions holds 2 rows, the manifest counts 3/);
      expect(await reason(await tampered((d) => writeFileSync(join(d, MANIFEST_FILE), '{"format":"other"}')))).toMatch(/manifest\.json: format/);
      const junk = join(tempDir('junk'), 'junk.tar.gz');
      writeFileSync(junk, 'not an archive');
      expect(await reason(junk)).toMatch(/not a readable tar\.gz archive/);
      expect(await reason(join(root, 'missing.tar.gz'))).toMatch(/does not exist/);
    });

    it('refuses artifacts that differ in MODEL_PATH even when the database is empty', async () => {
      const { store } = await sqliteBackend.fresh();
      const modelPath = tempDir('models');
      mkdirSync(join(modelPath, VERSION));
      writeFileSync(join(modelPath, VERSION, 'model.json'), 'different');
      const e = await restoreBackup({ file: out, target: store, modelPath, safetyBackupDir: tempDir('s') }).then(() => null, (err: unknown) => err);
      expect(isRiskgateError(e, 'TARGET_NOT_EMPTY') && String(e.details.target)).toMatch(/model\.json differs/);
      await store.close();
    });
  });
});
