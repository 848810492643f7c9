import { describe, expect, it } from 'vitest';
import { isRiskgateError } from '../errors.js';
import { compareVersions, formatStamp, isVersionName, parseVersion } from './version-name.js';
import { checkVersionRule, classifyChange, nextVersion, type VersionFacts } from './version-rule.js';

const base: VersionFacts = { signatureKey: 'sig-a', modelChecksum: 'm1', metadataKey: 'meta1' };
const at = new Date('2026-11-23T15:30:45Z');

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isRiskgateError(e, 'VERSION_RULE_BROKEN')) return e.message;
    throw e;
  }
  throw new Error('expected VERSION_RULE_BROKEN');
}

describe('version names', () => {
  it('parses, formats and orders', () => {
    expect(parseVersion('model-v1.2.0-20261123-1530')).toEqual({ major: 1, minor: 2, patch: 0, stamp: '20261123-1530' });
    expect(formatStamp(at)).toBe('20261123-1530');
    expect(compareVersions('model-v1.10.0-20260101-0000', 'model-v1.9.3-20261231-2359')).toBeGreaterThan(0);
    expect(compareVersions('model-v1.0.0-20260101-0000', 'model-v1.0.0-20260101-0001')).toBeLessThan(0);
    expect(compareVersions('model-v2.0.0-20260101-0000', 'model-v2.0.0-20260101-0000')).toBe(0);
  });
  it('refuses malformed names and impossible dates', () => {
    for (const bad of ['model-v1.2-20261123-1530', 'v1.2.0-20261123-1530', 'model-v01.2.0-20261123-1530', 'model-v1.2.0-20261331-1530', 'model-v1.2.0-20261123-2575', 'model-v1.2.0-20261123-1530/..']) {
      expect(isVersionName(bad), bad).toBe(false);
    }
  });
});

describe('nextVersion', () => {
  it('bumps the right part and resets the lower ones', () => {
    const prev = 'model-v1.2.3-20261001-0900';
    expect(nextVersion(null, 'minor', at)).toBe('model-v1.0.0-20261123-1530');
    expect(nextVersion(prev, 'major', at)).toBe('model-v2.0.0-20261123-1530');
    expect(nextVersion(prev, 'minor', at)).toBe('model-v1.3.0-20261123-1530');
    expect(nextVersion(prev, 'patch', at)).toBe('model-v1.2.4-20261123-1530');
  });
});

describe('the version rule', () => {
  const existing = [{ version: 'model-v1.2.0-20261001-0900', facts: base }];
  it('classifies changes by their largest part', () => {
    expect(classifyChange(base, { ...base, signatureKey: 'sig-b', modelChecksum: 'm2' })).toBe('major');
    expect(classifyChange(base, { ...base, modelChecksum: 'm2', metadataKey: 'x' })).toBe('minor');
    expect(classifyChange(base, { ...base, metadataKey: 'x' })).toBe('patch');
    expect(classifyChange(base, base)).toBeNull();
  });
  it('accepts the needed bump or a larger one', () => {
    expect(checkVersionRule('model-v2.0.0-20261123-1530', { ...base, signatureKey: 'sig-b' }, existing)).toBe('major');
    expect(checkVersionRule('model-v1.3.0-20261123-1530', { ...base, modelChecksum: 'm2' }, existing)).toBe('minor');
    expect(checkVersionRule('model-v2.0.0-20261123-1530', { ...base, modelChecksum: 'm2' }, existing)).toBe('minor');
    expect(checkVersionRule('model-v1.2.1-20261123-1530', { ...base, metadataKey: 'threshold 0.4' }, existing)).toBe('patch');
    expect(checkVersionRule('model-v1.0.0-20261123-1530', base, [])).toBeNull();
  });
  it('refuses a bump too small for its change, saying why', () => {
    expect(refusal(() => checkVersionRule('model-v1.3.0-20261123-1530', { ...base, signatureKey: 'sig-b' }, existing))).toMatch(/signature changed.*MAJOR.*model-v2\.0\.0-20261123-1530/);
    expect(refusal(() => checkVersionRule('model-v1.2.1-20261123-1530', { ...base, modelChecksum: 'm2' }, existing))).toMatch(/model file changed.*only a PATCH bump/);
  });
  it('refuses identical artifacts and reused release numbers', () => {
    expect(refusal(() => checkVersionRule('model-v1.2.1-20261123-1530', base, existing))).toMatch(/identical to model-v1\.2\.0/);
    expect(refusal(() => checkVersionRule('model-v1.2.0-20261123-1530', { ...base, modelChecksum: 'm9' }, existing))).toMatch(/release 1\.2\.0 already exists/);
  });
  it('judges a backported patch against its own predecessor', () => {
    const two = [...existing, { version: 'model-v2.0.0-20261101-0900', facts: { ...base, signatureKey: 'sig-b' } }];
    expect(checkVersionRule('model-v1.2.1-20261123-1530', { ...base, metadataKey: 'fix' }, two)).toBe('patch');
  });
});
