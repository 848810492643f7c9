// Runs every bench/*.bench.ts one after another, each in its own process (so one bench's JIT
// state and garbage cannot slow the next): `npm run bench` or `npm run bench -- NAME` to run
// only the benches whose file name contains NAME. Exits non-zero if any bench failed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';

const files = readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`No bench/*.bench.ts matches "${filter}".`);
  process.exit(1);
}
const failed: string[] = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${BENCH_DIR}${file}`], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(`${file} (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
