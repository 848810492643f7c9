import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { RiskgateError } from '../errors.js';
import { DEFAULTS } from './defaults.js';
import { deepFreeze, isPlainObject, mergeSettings } from './merge-settings.js';
import { ConfigSchema, ENVIRONMENTS, type Config, type Environment } from './schema.js';
import { resolveSecret } from './secret-key.js';

/** config/environments.yml of this checkout (independent of the working directory). */
export const DEFAULT_CONFIG_FILE = fileURLToPath(new URL('../../config/environments.yml', import.meta.url));

/** Environment variables riskgate reads, and nothing else. */
export const ENV_VARS = ['DEPLOYMENT_ENV', 'PORT', 'DATABASE_URL', 'MODEL_PATH', 'SECRET_KEY', 'ALERT_WEBHOOK', 'REDIS_URL', 'METRICS_PORT', 'RISKGATE_API_KEY'] as const;

/** Options of {@link loadConfig}; every field is optional. */
export interface LoadConfigOptions {
  /** Environment name; else DEPLOYMENT_ENV; else development. */
  readonly env?: string;
  /** Path of environments.yml; else the checkout's config/environments.yml. */
  readonly file?: string;
  /** Environment variables; else process.env (the only place riskgate reads it). */
  readonly vars?: Readonly<Record<string, string | undefined>>;
  /** Last layer, e.g. CLI flags ({server: {port: 0}}) or test settings. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Base of relative paths; else process.cwd(). */
  readonly cwd?: string;
  /** Write a generated development secret to var_dir (default true). */
  readonly persistSecret?: boolean;
  /** Check SECRET_KEY strength (default true; `config validate` without --check-secrets skips it). */
  readonly checkSecrets?: boolean;
}

/** Result of {@link inspectConfig}: the config when valid, and every problem found. */
export interface ConfigInspection {
  readonly env: string;
  readonly config: Config | null;
  readonly problems: readonly string[];
}

/** Reads environments.yml; a missing file is an empty one, a broken one is a problem. */
function readConfigFile(file: string, problems: string[]): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
    if (parsed === null || parsed === undefined) return {};
    if (!isPlainObject(parsed)) {
      problems.push(`${file}: the top level must map environment names to settings`);
      return {};
    }
    for (const key of Object.keys(parsed)) {
      if (!(ENVIRONMENTS as readonly string[]).includes(key)) problems.push(`${file}: unknown key "${key}" (environments are ${ENVIRONMENTS.join(', ')})`);
    }
    return parsed;
  } catch (e) {
    problems.push(`${file}: not valid YAML: ${(e as Error).message}`);
    return {};
  }
}

/** Parses a port variable, recording a problem when it is not one. */
function parsePort(name: string, raw: string | undefined, problems: string[]): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`${name}=${raw} is not a port number`);
    return undefined;
  }
  return n;
}

/** The settings layer made from environment variables. */
function settingsFromVars(vars: Readonly<Record<string, string | undefined>>, problems: string[]): Record<string, unknown> {
  const nonEmpty = (name: string): string | undefined => (vars[name] === '' ? undefined : vars[name]);
  return {
    server: { port: parsePort('PORT', vars.PORT, problems) },
    monitoring: { metrics_port: parsePort('METRICS_PORT', vars.METRICS_PORT, problems) },
    store: { url: nonEmpty('DATABASE_URL') },
    models: { path: nonEmpty('MODEL_PATH') },
    redis: { url: nonEmpty('REDIS_URL') },
    alerts: { webhook_url: nonEmpty('ALERT_WEBHOOK') },
    client: { key: nonEmpty('RISKGATE_API_KEY') },
  };
}

/** Makes relative paths (and sqlite:RELATIVE urls) absolute against cwd. */
function resolvePaths(s: Record<string, unknown>, cwd: string): void {
  const abs = (p: unknown): unknown => (typeof p === 'string' && p !== '' && !isAbsolute(p) ? resolve(cwd, p) : p);
  const fix = (section: string, key: string): void => {
    const o = s[section];
    if (isPlainObject(o)) o[key] = abs(o[key]);
  };
  s.var_dir = abs(s.var_dir);
  fix('models', 'path');
  fix('recorder', 'journal_path');
  fix('backups', 'dir');
  const store = s.store;
  if (isPlainObject(store) && typeof store.url === 'string' && store.url.startsWith('sqlite:')) {
    const path = store.url.slice('sqlite:'.length);
    // ':memory:' stays as it is; everything else becomes an absolute file path.
    store.url = path === ':memory:' ? store.url : `sqlite:${abs(path) as string}`;
  }
}

/** Rules a production configuration must follow (the runbook's). */
function checkProductionPolicy(c: Config): string[] {
  if (c.env !== 'production') return [];
  const problems: string[] = [];
  if (c.debug) problems.push('debug is true in production');
  if (c.security.allow_test_keys) problems.push('security.allow_test_keys is true in production');
  if (c.security.allowed_origins.some((o) => o.includes('*'))) problems.push('security.allowed_origins has a wildcard in production');
  return problems;
}

/**
 * Builds and checks the configuration of one environment, collecting every problem instead
 * of stopping at the first. Used by `riskgate config validate`; {@link loadConfig} throws on
 * the same problems.
 */
export function inspectConfig(options: LoadConfigOptions = {}): ConfigInspection {
  const vars = options.vars ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ?? DEFAULT_CONFIG_FILE;
  const problems: string[] = [];
  const env = options.env ?? (vars.DEPLOYMENT_ENV || 'development');
  if (!(ENVIRONMENTS as readonly string[]).includes(env)) {
    return { env, config: null, problems: [`unknown environment "${env}" (use ${ENVIRONMENTS.join(', ')})`] };
  }
  const fileSettings = readConfigFile(file, problems);
  const { var_dir, ...defaults } = DEFAULTS;
  const merged = mergeSettings(
    { ...defaults, var_dir },
    fileSettings[env],
    settingsFromVars(vars, problems),
    options.overrides,
    { env, paths: { config_file: file } },
  );
  resolvePaths(merged, cwd);
  const varDir = String(merged.var_dir);
  merged.paths = { ...(merged.paths as object), var_dir: varDir };
  delete merged.var_dir;
  const secret = resolveSecret(env as Environment, vars.SECRET_KEY, varDir, options.persistSecret ?? true);
  if (secret.problem !== null && (options.checkSecrets ?? true)) problems.push(secret.problem);
  merged.secret = { key: secret.key, source: secret.source };

  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.length > 0 ? `${env}.${issue.path.join('.')}` : env;
      problems.push(issue.code === 'unrecognized_keys' ? `${where}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : `${where}: ${issue.message}`);
    }
    return { env, config: null, problems };
  }
  const config = deepFreeze(parsed.data) as Config;
  problems.push(...checkProductionPolicy(config));
  return { env, config, problems };
}

/**
 * Loads the configuration once at startup: defaults ← environments.yml[env] ← environment
 * variables ← overrides, validated (unknown keys are errors), paths resolved, frozen.
 * Throws CONFIG_INVALID naming every problem; staging and production refuse a missing or
 * weak SECRET_KEY.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const { config, problems } = inspectConfig(options);
  if (config === null || problems.length > 0) {
    throw new RiskgateError('CONFIG_INVALID', { summary: problems.join('; '), problems });
  }
  return config;
}
