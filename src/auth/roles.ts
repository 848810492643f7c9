import { RiskgateError } from '../errors.js';

/** Roles from least to most powerful; each includes everything below it. */
export const ROLES = ['viewer', 'predictor', 'deployer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when a key with role `actual` may do what needs `required` (unknown roles may do nothing). */
export function hasRole(actual: string, required: Role): boolean {
  return isRole(actual) && ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

/** Throws FORBIDDEN unless `actual` is at least `required`. */
export function requireRole(actual: string, required: Role): void {
  if (!hasRole(actual, required)) throw new RiskgateError('FORBIDDEN', { required, actual });
}

/** The role named by user input (CLI flag, request body); BAD_REQUEST otherwise. */
export function parseRole(value: unknown): Role {
  if (isRole(value)) return value;
  throw new RiskgateError('BAD_REQUEST', { reason: `Unknown role ${JSON.stringify(value)}; expected one of ${ROLES.join(', ')}.` });
}
