import { RiskgateError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * Milliseconds of a duration written as the CLI and API accept it: "90s", "10m", "1.5h",
 * "250ms", or a bare number of milliseconds. BAD_REQUEST for anything else.
 */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number' && Number.isFinite(text) && text >= 0) return text;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)?\s*$/.exec(String(text));
  if (!match) throw new RiskgateError('BAD_REQUEST', { reason: `"${String(text)}" is not a duration; write e.g. 90s, 10m or 1h.` });
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']);
}
