import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { loadDataset } from '../../../src/data/index.js';
import { DASHBOARD_DIST } from '../../../src/api/routes/dashboard-routes.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';

// The Drift & outcomes page in Chromium against a live server that has scored the Swiss
// patients (cholesterol never measured) and received outcomes for them.
const CHROMIUM = '/usr/bin/chromium';
const ready = existsSync(CHROMIUM) && existsSync(join(DASHBOARD_DIST, 'index.html'));
if (!ready && process.env.CI === 'true') throw new Error(`the monitoring page test needs ${CHROMIUM} and a built dashboard (npm run build:web)`);

describe.runIf(ready)('Drift & outcomes page in Chromium', () => {
  let server: TestServer;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server!.address() as AddressInfo).port}`;
    const key = server.adminKey as string;
    const swiss = loadDataset('uci:switzerland');
    const p = swiss.features.length;
    const patients = Array.from({ length: swiss.n }, (_, i) => ({ features: Object.fromEntries(swiss.features.map((f, j) => [f, Number.isNaN(swiss.x[i * p + j]) ? null : swiss.x[i * p + j]])) }));
    const post = (url: string, body: unknown) => fetch(`${base}${url}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const scored = (await (await post('/api/v1/predict/batch', { patients })).json()) as { results: { ok: boolean; index: number; prediction?: { prediction_id: string } }[] };
    for (const r of scored.results.filter((x) => x.ok)) await post('/api/v1/feedback', { prediction_id: r.prediction!.prediction_id, outcome: swiss.y[r.index] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows drift per feature with cholesterol flagged, and realized performance with intervals', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base);
    await page.getByLabel('API key').fill(server.adminKey as string);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('link', { name: 'Drift & outcomes' }).click();
    await page.getByRole('heading', { name: /^Input drift — model-v.* \(stable\)$/ }).waitFor();
    const chol = page.locator('tr', { has: page.locator('td', { hasText: /^chol$/ }) });
    expect(await chol.locator('.status').textContent()).toBe('drift');
    expect(await chol.locator('td').nth(3).textContent()).toBe('0.0 % → 100.0 %');
    expect(await page.locator('tr', { has: page.locator('td', { hasText: /^predicted risk$/ }) }).count()).toBe(1);
    await page.getByRole('heading', { name: 'Realized performance' }).waitFor();
    const summary = await page.locator('p.muted', { hasText: 'labelled cases' }).textContent();
    expect(summary).toMatch(/^\d+ labelled cases; AUC 0\.\d{3} \(0\.\d{3}–0\.\d{3}\), accuracy .+ \(95 % intervals\)$/);
    expect(errors).toEqual([]);
  });
});
