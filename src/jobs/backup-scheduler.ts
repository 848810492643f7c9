import { CronExpressionParser } from 'cron-parser';
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import { RiskgateError } from '../errors.js';
import { backupFileName, createBackup, pruneBackups } from '../store/index.js';
import type { RetentionPolicy, Store } from '../store/index.js';

/** A parsed backups.schedule: a fixed interval ("every 6h", "30m") or a five/six-field cron expression (UTC). */
export type BackupSchedule = { readonly kind: 'interval'; readonly ms: number } | { readonly kind: 'cron'; readonly expression: string };

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const INTERVAL = /^(?:every\s+)?(\d+)\s*(ms|s|m|h|d)$/;
/** Timers cannot wait longer than 2^31-1 ms; a long wait is taken in steps of at most a day. */
const MAX_TIMER_MS = 86_400_000;
/** The lock that keeps replicas sharing one database from backing up at the same time. */
const BACKUP_LOCK = 'scheduled-backup';

/** Parses backups.schedule; CONFIG_INVALID naming the setting when it is neither form. */
export function parseBackupSchedule(text: string): BackupSchedule {
  const trimmed = text.trim();
  const m = INTERVAL.exec(trimmed);
  if (m) {
    const ms = Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? NaN);
    if (ms > 0) return { kind: 'interval', ms };
  } else {
    try {
      CronExpressionParser.parse(trimmed, { tz: 'UTC', strict: false });
      return { kind: 'cron', expression: trimmed };
    } catch {
      // reported below
    }
  }
  throw new RiskgateError('CONFIG_INVALID', { summary: `backups.schedule "${text}" is neither an interval ("every 6h", "30m") nor a cron expression ("0 2 * * *")` });
}

/** When the next backup is due after `after` (pure). */
export function nextBackupAt(schedule: BackupSchedule, after: Date): Date {
  if (schedule.kind === 'interval') return new Date(after.getTime() + schedule.ms);
  return CronExpressionParser.parse(schedule.expression, { tz: 'UTC', currentDate: after }).next().toDate();
}

const DAY_MS = 86_400_000;

/** The outcome of one scheduled run, handed to `onRun`. */
export interface BackupRun {
  readonly at: Date;
  /** The archive written, or null when skipped (another replica held the lock) or failed. */
  readonly file: string | null;
  readonly error: Error | null;
  /** Archives deleted by retention. */
  readonly pruned: readonly string[];
}

/** What the scheduler needs. */
export interface BackupSchedulerOptions {
  readonly store: Store;
  readonly config: Pick<Config, 'backups' | 'models' | 'paths' | 'store'>;
  /** Called after each run (log it); never awaited for errors. */
  readonly onRun?: (run: BackupRun) => void;
  /** The clock (tests advance it). */
  readonly now?: () => Date;
}

/**
 * Runs scheduled backups in the server process: at each time backups.schedule names, a full
 * archive (as `riskgate backup`) into backups.dir, then retention (the newest
 * backups.retention scheduled archives are kept, and with backups.max_age_days none older,
 * except the newest). One replica at a time (store lock); a run
 * that fails is reported to `onRun` and the schedule carries on. Returns `stop`, which
 * cancels the timer and waits for a run in progress. No schedule: `stop` does nothing.
 */
export function startBackupScheduler(options: BackupSchedulerOptions): () => Promise<void> {
  const { backups } = options.config;
  if (backups.schedule === null) return async () => {};
  const schedule = parseBackupSchedule(backups.schedule);
  const now = options.now ?? (() => new Date());
  const retention: RetentionPolicy = { keep: backups.retention, maxAgeMs: backups.max_age_days === null ? undefined : backups.max_age_days * DAY_MS };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const runOnce = async (): Promise<void> => {
    const at = now();
    let file: string | null = null;
    let error: Error | null = null;
    let pruned: string[] = [];
    try {
      const lock = await options.store.locks.tryAcquire(BACKUP_LOCK);
      if (lock !== null) {
        try {
          const url = options.config.store.url;
          const result = await createBackup({
            store: options.store, out: join(backups.dir, backupFileName(at)), modelPath: options.config.models.path,
            configFile: options.config.paths.config_file, pgDump: /^postgres(ql)?:\/\//.test(url) ? { url } : undefined, now: () => at,
          });
          file = result.file;
          pruned = pruneBackups(backups.dir, retention, at);
        } finally {
          await lock.release();
        }
      }
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
    options.onRun?.({ at, file, error, pruned });
  };

  const arm = (due: Date): void => {
    if (stopped) return;
    const wait = due.getTime() - now().getTime();
    timer = setTimeout(() => {
      timer = null;
      // A long wait is taken in steps; only fire once the due time has come.
      if (now().getTime() < due.getTime()) return arm(due);
      running = runOnce().finally(() => arm(nextBackupAt(schedule, now())));
    }, Math.min(Math.max(0, wait), MAX_TIMER_MS));
    timer.unref();
  };
  arm(nextBackupAt(schedule, now()));

  return async () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    await running;
  };
}
