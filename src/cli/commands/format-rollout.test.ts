import { describe, expect, it } from 'vitest';
import type { RolloutJson } from '../../api/index.js';
import { formatRolloutStatus } from './format-rollout.js';

const ROLLOUT: RolloutJson = {
  id: 'ro_1', env: 'staging', strategy: 'canary', phase: 'progressing', candidate: 'v2', stable: 'v1', step_index: 1, steps: [5, 25, 100],
  stage: 'bake, at least 100 predictions', canary_weight: 25, mirror_percent: 0, preview: false, switched: false,
  created_at: '2026-11-23T12:00:00.000Z', updated_at: '2026-11-23T12:10:00.000Z', created_by: 'alice', paused: null, outcome: null, smoke_test: null,
  analysis: {
    verdict: 'fail', summary: 'Failed: error-rate.', at: '2026-11-23T12:10:00.000Z', failures_in_a_row: 1,
    checks: [{ name: 'error-rate', status: 'fail', sentence: 'Error rate 9 % is above 5 %.', numbers: { candidateRate: 0.09, max: 0.05 } }],
  },
};

describe('formatRolloutStatus', () => {
  it('says how many analyses have failed in a row, and nothing when none has', () => {
    const lines = formatRolloutStatus({ rollout: ROLLOUT, events: [] });
    expect(lines).toContain('Analysis at 2026-11-23T12:10:00.000Z: FAIL (1 failing in a row) — Failed: error-rate.');
    const passing = formatRolloutStatus({ rollout: { ...ROLLOUT, analysis: { ...ROLLOUT.analysis!, verdict: 'pass', summary: 'All checks passed.', failures_in_a_row: 0 } }, events: [] });
    expect(passing).toContain('Analysis at 2026-11-23T12:10:00.000Z: PASS — All checks passed.');
  });
});
