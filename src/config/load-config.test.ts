import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRiskgateError } from '../errors.js';
import { DEV_SECRET_FILE, inspectConfig, loadConfig } from './index.js';

const STRONG = 'k9Vq3xLr8TzW2mYp5sNc7bHd4fJg6aQe1uRt0oIw';

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rg-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives development defaults relative to the working directory, frozen', () => {
    const c = loadConfig({ vars: {}, cwd: dir });
    expect(c.env).toBe('development');
    expect(c.store.url).toBe(`sqlite:${join(dir, 'var/riskgate.db')}`);
    expect(c.models.path).toBe(join(dir, 'var/models'));
    expect(c.security.allow_test_keys).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.security.rate_limit)).toBe(true);
    expect(() => {
      (c.server as { port: number }).port = 1;
    }).toThrow();
  });

  it('applies environment variables over the file', () => {
    const c = loadConfig({
      vars: { DEPLOYMENT_ENV: 'staging', PORT: '9000', DATABASE_URL: 'postgres://u@h:5432/d', MODEL_PATH: 'm', SECRET_KEY: STRONG, ALERT_WEBHOOK: 'http://127.0.0.1:9/hook', REDIS_URL: 'redis://127.0.0.1:6379/1', METRICS_PORT: '9100' },
      cwd: dir,
    });
    expect(c.env).toBe('staging');
    expect(c.server.port).toBe(9000);
    expect(c.store.url).toBe('postgres://u@h:5432/d');
    expect(c.models.path).toBe(join(dir, 'm'));
    expect(c.alerts.webhook_url).toBe('http://127.0.0.1:9/hook');
    expect(c.redis.url).toBe('redis://127.0.0.1:6379/1');
    expect(c.monitoring.metrics_port).toBe(9100);
    expect(c.secret).toEqual({ key: STRONG, source: 'env' });
  });

  it('generates the development secret once and keeps it under var/', () => {
    const a = loadConfig({ vars: {}, cwd: dir });
    const b = loadConfig({ vars: {}, cwd: dir });
    expect(a.secret.source).toBe('generated');
    expect(b.secret.source).toBe('file');
    expect(b.secret.key).toBe(a.secret.key);
    expect(readFileSync(join(dir, 'var', DEV_SECRET_FILE), 'utf8').trim()).toBe(a.secret.key);
  });

  it('refuses staging and production without a strong SECRET_KEY', () => {
    for (const [env, key] of [['staging', undefined], ['production', 'short'], ['production', 'changeme-changeme-changeme-changeme']] as const) {
      try {
        loadConfig({ env, vars: key === undefined ? {} : { SECRET_KEY: key }, cwd: dir });
        expect.unreachable();
      } catch (e) {
        expect(isRiskgateError(e, 'CONFIG_INVALID')).toBe(true);
        expect(String((e as Error).message)).toMatch(/SECRET_KEY is (missing|weak)/);
      }
    }
    expect(loadConfig({ env: 'production', vars: { SECRET_KEY: STRONG }, cwd: dir }).env).toBe('production');
  });

  it('names every problem: unknown keys, production policy, bad values', () => {
    const file = join(dir, 'env.yml');
    writeFileSync(file, [
      'production:',
      '  debug: true',
      '  colour: blue',
      '  security:',
      '    allow_test_keys: true',
      '    allowed_origins: ["*"]',
      '    rate_limt: 5',
      'qa: {}',
    ].join('\n'));
    const r = inspectConfig({ env: 'production', file, vars: { PORT: 'eighty' }, cwd: dir, checkSecrets: true, persistSecret: false });
    const text = r.problems.join('\n');
    expect(text).toContain('unknown key "qa"');
    expect(text).toContain('"colour"');
    expect(text).toContain('"rate_limt"');
    expect(text).toContain('PORT=eighty');
    expect(text).toContain('SECRET_KEY is missing');
    expect(r.config).toBeNull();
    // With the typos fixed, the production policy problems are each named.
    writeFileSync(file, 'production:\n  debug: true\n  security:\n    allow_test_keys: true\n    allowed_origins: ["https://*.example.org"]\n');
    const p = inspectConfig({ env: 'production', file, vars: {}, cwd: dir, checkSecrets: false, persistSecret: false });
    expect(p.problems).toEqual([
      'debug is true in production',
      'security.allow_test_keys is true in production',
      'security.allowed_origins has a wildcard in production',
    ]);
  });

  it('accepts the shipped environments file for every environment', () => {
    for (const env of ['development', 'staging', 'production']) {
      const r = inspectConfig({ env, vars: { SECRET_KEY: STRONG }, cwd: dir, persistSecret: false });
      expect(r.problems).toEqual([]);
    }
    expect(existsSync(join(dir, 'var', DEV_SECRET_FILE))).toBe(false);
  });

  it('refuses an unknown environment', () => {
    expect(inspectConfig({ env: 'prod', vars: {}, cwd: dir }).problems[0]).toContain('unknown environment "prod"');
  });
});
