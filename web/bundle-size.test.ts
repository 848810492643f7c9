import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// The dashboard's first load must stay under 300 KB of JavaScript, gzipped (issue 8).
// `npm test` builds web/dist before the tests; in CI a missing build fails here.
const ASSETS = new URL('./dist/assets/', import.meta.url);
const LIMIT_BYTES = 300 * 1024;
const built = existsSync(ASSETS);
if (!built && process.env.CI === 'true') throw new Error('web/dist is not built: run npm run build:web');

describe.runIf(built)('dashboard bundle', () => {
  it('ships under 300 KB of JavaScript gzipped', () => {
    const js = readdirSync(ASSETS).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    const gzipped = js.reduce((sum, f) => sum + gzipSync(readFileSync(new URL(f, ASSETS))).length, 0);
    expect(gzipped).toBeLessThan(LIMIT_BYTES);
  });
});
