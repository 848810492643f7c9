import { readFileSync } from 'node:fs';

/** The version in riskgate's package.json (recorded in every backup manifest). */
export function riskgateVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
