import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRiskgateError } from '../../errors.js';
import { HEART_SIGNATURE } from '../../data/index.js';
import { writeTrainedArtifact } from '../../registry/registry-test-support.js';
import { registerModels } from './models.js';

const BIN = fileURLToPath(new URL('../../../bin/riskgate.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/xgboost/depth3-named.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'riskgate-cli-models-'));

const ENV = { DATABASE_URL: `sqlite:${join(dir, 'var', 'rg.db')}`, MODEL_PATH: join(dir, 'models'), DEPLOYMENT_ENV: 'development' };

/** Runs the real `riskgate` binary once (slow: a new process), to prove the command is wired in. */
function riskgateProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, ...ENV }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * Runs `riskgate models ARGS` in this process (same command code, configuration from the
 * environment variables above), capturing output and the exit code as main.ts sets them.
 */
async function riskgate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  process.exitCode = undefined;
  const program = new Command('riskgate').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerModels(program);
  let code = 0;
  try {
    await program.parseAsync(['node', 'riskgate', 'models', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (e) {
    if (isRiskgateError(e)) err.push(`error [${e.code}]: ${e.message}\n`);
    else if (!String((e as { code?: unknown }).code).startsWith('commander.')) throw e;
    code = 1;
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.exitCode = undefined;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const saved = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));
const cwd = process.cwd();
// Relative defaults (./var for the development secret) land in the temp folder, as with the binary.
beforeAll(() => {
  Object.assign(process.env, ENV);
  process.chdir(dir);
});
afterAll(() => {
  process.chdir(cwd);
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('riskgate models', () => {
  let good = '';
  let imported = '';

  it('registers an artifact folder, lists and shows it', async () => {
    const reg = await riskgate('register', writeTrainedArtifact(join(dir, 'trained'), { algorithm: 'gbdt', threshold: 0.4 }));
    expect(reg.stderr).toBe('');
    expect(reg.code).toBe(0);
    good = /Registered (model-v\S+)/.exec(reg.stdout)?.[1] ?? '';
    expect(good).toMatch(/^model-v1\.0\.0-\d{8}-\d{4}$/);
    const list = await riskgateProcess('models', 'list');
    expect(list.stdout).toMatch(new RegExp(`^${good}\\s+-\\s+gbdt\\s+0\\.8`, 'm'));
    const show = await riskgate('show', good);
    expect(show.stdout).toContain('heart-validation/1: AUC');
    expect(show.stdout).toContain('20 patients from heart-validation/1');
  });

  it('imports an XGBoost JSON model with --signature heart and refuses a bad signature file', async () => {
    const out = await riskgate('import', FIXTURE, '--format', 'xgboost-json', '--signature', 'heart');
    expect(out.code).toBe(0);
    imported = /as (model-v\S+)/.exec(out.stdout)?.[1] ?? '';
    expect(imported).toMatch(/^model-v1\.1\.0-/);
    const sigFile = join(dir, 'sig.json');
    writeFileSync(sigFile, JSON.stringify({ ...HEART_SIGNATURE, features: [{ name: 'age' }] }));
    const bad = await riskgate('import', FIXTURE, '--format', 'xgboost-json', '--signature', sigFile);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/BAD_REQUEST.*sig\.json: features\.0\.kind/);
    expect((await riskgate('import', FIXTURE, '--format', 'onnx')).stderr).toMatch(/unknown import format "onnx"/);
  });

  it('validates: prints the report and exits 0 for a passing version, 1 for a failing one', async () => {
    const ok = await riskgate('validate', good, '--format', 'json');
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout) as { passed: boolean; gates: { gate: string; status: string }[] };
    expect(report.passed).toBe(true);
    expect(report.gates).toHaveLength(11);
    // The depth-3 XGBoost fixture's probabilities are not calibrated at 0.5 on this data; whatever
    // fails, the exit code must follow the report.
    const other = await riskgate('validate', imported);
    expect(other.stdout).toMatch(/^# Gate report/);
    expect(other.code).toBe(other.stdout.includes('**FAILED**') ? 1 : 0);
  });

  it('promotes with a reason and shows the history; cards in both formats', async () => {
    const p = await riskgate('promote', good, '--alias', 'production', '--reason', 'first release');
    expect(p.code).toBe(0);
    expect(p.stdout).toContain(`production: (none) → ${good}`);
    const noReason = await riskgate('promote', good, '--alias', 'staging');
    expect(noReason.code).toBe(1);
    const h = await riskgate('history', '--alias', 'production');
    expect(h.stdout).toMatch(new RegExp(`production\\s+-\\s+${good}\\s+cli:\\S+\\s+first release`));
    const html = join(dir, 'card.html');
    expect((await riskgate('card', 'production', '--format', 'html', '--out', html)).code).toBe(0);
    expect(readFileSync(html, 'utf8').match(/<svg /g)).toHaveLength(4);
    expect((await riskgate('card', good)).stdout).toContain(`# Model card: ${good}`);
  });

  it('refuses a tampered artifact naming the file', async () => {
    appendFileSync(join(dir, 'models', good, 'model.json'), ' ');
    const out = await riskgate('card', good);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/ARTIFACT_TAMPERED.*model\.json/);
    const report = await riskgate('validate', good);
    expect(report.code).toBe(1);
    expect(report.stdout).toMatch(/\| integrity \| FAIL \|/);
  });
});
