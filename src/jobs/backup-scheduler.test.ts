import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRiskgateError } from '../errors.js';
import type { Config } from '../config/index.js';
import { openBackup, openStore, type Store } from '../store/index.js';
import { nextBackupAt, parseBackupSchedule, startBackupScheduler } from './backup-scheduler.js';
import type { BackupRun } from './backup-scheduler.js';

const dir = mkdtempSync(join(tmpdir(), 'riskgate-backup-scheduler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backup schedules', () => {
  it('reads intervals and cron expressions, and refuses anything else naming the setting', () => {
    expect(parseBackupSchedule('every 6h')).toEqual({ kind: 'interval', ms: 6 * 3_600_000 });
    expect(parseBackupSchedule('30m')).toEqual({ kind: 'interval', ms: 1_800_000 });
    expect(parseBackupSchedule('0 2 * * *')).toEqual({ kind: 'cron', expression: '0 2 * * *' });
    for (const bad of ['every 0s', 'sometimes', '61 * * * *', '5 weeks']) {
      let error: unknown = null;
      try {
        parseBackupSchedule(bad);
      } catch (e) {
        error = e;
      }
      expect(isRiskgateError(error, 'CONFIG_INVALID') && error.message, bad).toContain('backups.schedule');
    }
  });

  it('computes the next run in UTC', () => {
    const at = new Date('2026-11-23T01:30:00Z');
    expect(nextBackupAt(parseBackupSchedule('0 2 * * *'), at).toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(nextBackupAt(parseBackupSchedule('0 2 * * *'), new Date('2026-11-23T02:00:00Z')).toISOString()).toBe('2026-11-24T02:00:00.000Z');
    expect(nextBackupAt(parseBackupSchedule('*/15 * * * *'), at).toISOString()).toBe('2026-11-23T01:45:00.000Z');
    expect(nextBackupAt(parseBackupSchedule('every 6h'), at).toISOString()).toBe('2026-11-23T07:30:00.000Z');
  });
});

/**
 * Runs the scheduler over a fresh SQLite database in `dir/<name>` until three runs are done,
 * moving its clock on `stepMs` after each run; returns the (open) store and every run.
 */
async function threeScheduledRuns(name: string, backups: Config['backups'], stepMs: number): Promise<{ store: Store; runs: BackupRun[] }> {
  const dbUrl = `sqlite:${join(dir, name, 'riskgate.db')}`;
  const store = await openStore(dbUrl);
  await store.migrate();
  const config = {
    backups,
    models: { path: join(dir, 'models') },
    paths: { var_dir: dir, config_file: join(dir, 'missing.yml') },
    store: { url: dbUrl },
  } satisfies Pick<Config, 'backups' | 'models' | 'paths' | 'store'>;
  let offset = 0;
  const runs: BackupRun[] = [];
  let third: () => void = () => {};
  const done = new Promise<void>((r) => { third = r; });
  const stop = startBackupScheduler({
    store, config, now: () => new Date(Date.now() + offset),
    onRun: (run) => {
      runs.push(run);
      offset += stepMs;
      if (runs.length === 3) third();
    },
  });
  await done;
  await stop();
  return { store, runs };
}

describe('startBackupScheduler', () => {
  it('backs up on schedule into backups.dir and keeps only the newest backups.retention archives', async () => {
    const backupsDir = join(dir, 'backups');
    // Each run moves the clock on a minute, so archive names (second resolution) differ.
    const { store, runs } = await threeScheduledRuns('db', { schedule: 'every 20ms', retention: 2, max_age_days: null, dir: backupsDir }, 60_000);
    const afterStop = runs.length;
    expect(runs.slice(0, 3).map((r) => r.error)).toEqual([null, null, null]);
    expect(runs[2]?.pruned).toEqual([runs[0]?.file]);
    const kept = readdirSync(backupsDir).sort();
    expect(kept.length).toBe(2);
    expect(kept.map((f) => join(backupsDir, f))).toEqual(runs.slice(afterStop - 2, afterStop).map((r) => r.file).sort());
    const opened = await openBackup(join(backupsDir, kept[1] ?? ''));
    expect(opened.manifest.counts.audit_head).toBe(1);
    opened.dispose();
    await store.close();
  });

  it('with backups.max_age_days, also prunes archives older than that, never the newest', async () => {
    const backupsDir = join(dir, 'aged-backups');
    // Each run moves the clock on two days; archives' ages count from their files' times.
    const { store, runs } = await threeScheduledRuns('aged', { schedule: 'every 20ms', retention: 10, max_age_days: 3, dir: backupsDir }, 2 * 86_400_000);
    expect(runs.slice(0, 3).map((r) => r.error)).toEqual([null, null, null]);
    // Second run: the first archive is two days old, within the limit. Third: both earlier ones are four days old.
    expect(runs[1]?.pruned).toEqual([]);
    expect([...(runs[2]?.pruned ?? [])].sort()).toEqual([runs[0]?.file, runs[1]?.file].sort());
    expect(readdirSync(backupsDir).map((f) => join(backupsDir, f))).toContain(runs[2]?.file);
    await store.close();
  });

  it('does nothing without a schedule', async () => {
    const stop = startBackupScheduler({ store: await openStore('sqlite::memory:'), config: { backups: { schedule: null, retention: 1, max_age_days: null, dir }, models: { path: dir }, paths: { var_dir: dir, config_file: '' }, store: { url: 'sqlite::memory:' } } });
    await stop();
  });
});
