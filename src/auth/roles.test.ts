import { describe, expect, it } from 'vitest';
import { isRiskgateError } from '../errors.js';
import { ROLES, hasRole, isRole, parseRole, requireRole } from './roles.js';

describe('roles', () => {
  it('orders viewer < predictor < deployer < admin', () => {
    expect(ROLES).toEqual(['viewer', 'predictor', 'deployer', 'admin']);
    // Truth table: row = actual, column = required.
    const table = ROLES.map((actual) => ROLES.map((required) => hasRole(actual, required)));
    expect(table).toEqual([
      [true, false, false, false],
      [true, true, false, false],
      [true, true, true, false],
      [true, true, true, true],
    ]);
  });

  it('gives unknown roles nothing and rejects them as input', () => {
    expect(hasRole('root', 'viewer')).toBe(false);
    expect(isRole('admin')).toBe(true);
    expect(isRole('Admin')).toBe(false);
    expect(parseRole('deployer')).toBe('deployer');
    const e = (() => { try { parseRole('god'); } catch (err) { return err; } return null; })();
    expect(isRiskgateError(e, 'BAD_REQUEST')).toBe(true);
  });

  it('requireRole throws FORBIDDEN naming both roles', () => {
    expect(() => requireRole('admin', 'deployer')).not.toThrow();
    try {
      requireRole('predictor', 'deployer');
      expect.unreachable();
    } catch (e) {
      expect(isRiskgateError(e, 'FORBIDDEN')).toBe(true);
      expect((e as Error).message).toBe('This action needs the deployer role; the key has predictor.');
    }
  });
});
