import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../config/index.js';
import { AlertEvaluator } from './alert-evaluator.js';
import { alertRulesFromConfig } from './alert-rules-from-config.js';
import { DEFAULT_ALERT_RULES } from './alert-rules.js';
import { measureMemoryFraction, readMemoryLimit } from './measure-memory.js';

const dir = mkdtempSync(join(tmpdir(), 'riskgate-mem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('memory measurement', () => {
  it('reads a cgroup limit, ignores "max" and v1 no-limit values, falls back to total memory', () => {
    expect(readMemoryLimit([file('v2', '536870912\n')])).toBe(Math.min(536870912, totalmem()));
    expect(readMemoryLimit([file('max', 'max\n'), join(dir, 'missing')])).toBe(totalmem());
    expect(readMemoryLimit([file('v1', '9223372036854771712\n')])).toBe(totalmem());
  });

  it('gives resident memory as a fraction of the limit', () => {
    const f = measureMemoryFraction(totalmem());
    expect(f).toBeGreaterThan(0);
    expect(f).toBeLessThan(1);
    expect(measureMemoryFraction(0)).toBeNaN();
  });
});

describe('alertRulesFromConfig', () => {
  it('maps the configuration defaults onto the runbook rules unchanged', () => {
    const rules = new AlertEvaluator(alertRulesFromConfig(DEFAULTS.alerts)).rules;
    expect(rules).toEqual(DEFAULT_ALERT_RULES);
  });
});
