import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Config } from '../../config/index.js';
import { ModelRegistry } from '../../registry/index.js';
import type { Store } from '../../store/index.js';

/** One line of `riskgate doctor`: OK, or what is wrong and what to do. */
export interface DoctorLine {
  readonly check: string;
  readonly ok: boolean;
  readonly message: string;
}

/** Node.js release riskgate needs (package.json engines). */
export const MIN_NODE: readonly [number, number] = [20, 19];
/** Free space below either bound fails the disk check (databases, journals and backups grow). */
export const MIN_FREE_BYTES = 512 * 1024 ** 2;
export const MIN_FREE_FRACTION = 0.05;
/** Clock skew against the database beyond this fails (SQLite reports whole seconds). */
export const MAX_CLOCK_SKEW_MS = 5000;
/** Redis must answer a PING within this. */
export const REDIS_TIMEOUT_MS = 2000;

const ok = (check: string, message: string): DoctorLine => ({ check, ok: true, message });
const fail = (check: string, message: string): DoctorLine => ({ check, ok: false, message });

/** The running Node.js against MIN_NODE. */
export function checkNode(version: string): DoctorLine {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  const good = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return good ? ok('node', `Node.js ${version}`) : fail('node', `Node.js ${version} is too old: install Node.js ${MIN_NODE.join('.')} or newer`);
}

/** Database reachable and its schema equal to the code's. */
export async function checkDatabase(store: Store, env: string): Promise<DoctorLine> {
  const health = await store.health();
  if (!health.ok) return fail('database', `${store.url} is not reachable (${health.error}): start the database or fix DATABASE_URL`);
  const status = await store.migrationStatus();
  if (status.unknown.length > 0) return fail('database', `${store.url} has migrations this riskgate does not know (${status.unknown.join(', ')}): upgrade riskgate`);
  if (status.pending.length > 0) return fail('database', `${store.url} has pending migrations (${status.pending.join(', ')}): run \`riskgate migrate --env ${env}\``);
  return ok('database', `${store.url} reachable in ${health.latencyMs.toFixed(1)} ms, migrations up to date (${status.applied.join(', ')})`);
}

/** Every registered version's artifact present with valid checksums. */
export async function checkArtifacts(store: Store, config: Config): Promise<DoctorLine[]> {
  const registry = new ModelRegistry({ store, modelPath: config.models.path, env: config.env, strict: config.security.strict_mode });
  const versions = await registry.integrity();
  if (versions.length === 0) return [ok('artifacts', `no versions registered yet in ${config.models.path}`)];
  return versions.map((v) => (v.ok
    ? ok('artifacts', `${v.version} checksums valid`)
    : fail('artifacts', `${v.version}: ${v.file} — ${v.reason}; restore the artifact from a backup (riskgate restore) or re-register it`)));
}

/** Redis answers PING, when configured. */
export async function checkRedis(url: string | null): Promise<DoctorLine> {
  if (url === null) return ok('redis', 'not configured (jobs run in-process, limits per replica)');
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: REDIS_TIMEOUT_MS, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  redis.on('error', () => {}); // reported through the ping below
  try {
    await redis.connect();
    const reply = await Promise.race([redis.ping(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS).unref())]);
    return ok('redis', `${redactRedis(url)} answers ${reply}`);
  } catch (e) {
    return fail('redis', `${redactRedis(url)} does not answer (${(e as Error).message}): start Redis or fix REDIS_URL`);
  } finally {
    redis.disconnect();
  }
}

const redactRedis = (url: string): string => url.replace(/(\/\/[^@]*:)[^@]*@/, '$1***@');

/** Free space where riskgate writes (var dir, models, backups). */
export async function checkDisk(paths: readonly string[]): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [];
  for (const path of new Set(paths.map(existingAncestor))) {
    const fs = await statfs(path);
    const free = fs.bavail * fs.bsize;
    const fraction = fs.blocks > 0 ? fs.bavail / fs.blocks : 0;
    const text = `${path}: ${(free / 1024 ** 3).toFixed(1)} GiB free (${(fraction * 100).toFixed(0)} %)`;
    lines.push(free < MIN_FREE_BYTES || fraction < MIN_FREE_FRACTION ? fail('disk', `${text}: free space (prune old backups in backups.dir)`) : ok('disk', text));
  }
  return lines;
}

/** The nearest existing folder of a path (statfs needs one). */
function existingAncestor(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** This machine's clock against the database's. */
export async function checkClock(store: Store, now: number): Promise<DoctorLine> {
  const dbNow = await store.maintenance.databaseTime();
  const skew = now - dbNow;
  const text = `${skew >= 0 ? '+' : ''}${(skew / 1000).toFixed(1)} s against the database`;
  return Math.abs(skew) > MAX_CLOCK_SKEW_MS ? fail('clock', `${text}: synchronise the clocks (NTP); rollouts and windows depend on them`) : ok('clock', text);
}
