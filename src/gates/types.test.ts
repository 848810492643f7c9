import { describe, expectTypeOf, it } from 'vitest';
import type { Alias, CardFormat, ChangeKind, PromotionCheck, VersionInfo } from '../registry/index.js';
import type { GateReport, GateStatus, GateThresholds, ReportFormat } from './index.js';
import type { Config } from '../config/index.js';

// Type tests of the public surface other folders build on (kysely's tsd style).
describe('public types', () => {
  it('keeps the unions and shapes other parts rely on', () => {
    expectTypeOf<Alias>().toEqualTypeOf<'candidate' | 'staging' | 'production'>();
    expectTypeOf<ChangeKind>().toEqualTypeOf<'major' | 'minor' | 'patch'>();
    expectTypeOf<GateStatus>().toEqualTypeOf<'pass' | 'warn' | 'fail'>();
    expectTypeOf<ReportFormat>().toEqualTypeOf<'json' | 'md' | 'html'>();
    expectTypeOf<CardFormat>().toEqualTypeOf<'md' | 'html'>();
    expectTypeOf<GateThresholds>().toEqualTypeOf<Config['gates']>();
    expectTypeOf<GateReport['passed']>().toEqualTypeOf<boolean>();
    expectTypeOf<VersionInfo['aliases']>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<Awaited<ReturnType<PromotionCheck>>>().toEqualTypeOf<{ readonly passed: boolean; readonly summary: string }>();
  });
});
