import { describe, expect, it } from 'vitest';
import { buildSteps } from './rollout-spec.js';
import { decide } from './rollout-machine.js';
import { startRollout } from './start-rollout.js';

const T0 = Date.UTC(2026, 10, 23, 12);
const start = (holdPreview?: boolean) => startRollout({
  id: 'ro_hold', env: 'staging', candidate: 'v2', baseline: 'v1', actor: 'alice', reason: 'test',
  options: { strategy: 'blue-green', bakeMs: 60_000, holdPreview },
}, T0);

describe('blue-green holdPreview', () => {
  it('adds a pause between the smoke test and the switch, only when asked', () => {
    expect(buildSteps({ strategy: 'blue-green' }).steps.map((s) => s.type)).toEqual(['preview', 'smokeTest', 'switch', 'bake']);
    expect(buildSteps({ strategy: 'blue-green', holdPreview: true }).steps.map((s) => s.type)).toEqual(['preview', 'smokeTest', 'pause', 'switch', 'bake']);
  });

  it('keeps the preview answering, paused, after a passing smoke test; resume switches all traffic', () => {
    const held = decide(start(true).state, { kind: 'smokeTestResult', passed: true, summary: '20 of 20' }, T0 + 1000);
    expect(held.state).toMatchObject({ phase: 'paused', previewActive: true, switched: false, canaryWeight: 0 });
    expect(held.state.pause?.kind).toBe('step');
    const resumed = decide(held.state, { kind: 'resume', actor: 'alice', reason: 'preview looks right' }, T0 + 2000);
    expect(resumed.state).toMatchObject({ phase: 'progressing', previewActive: false, switched: true, canaryWeight: 100 });
  });

  it('without it, a passing smoke test switches at once', () => {
    const next = decide(start().state, { kind: 'smokeTestResult', passed: true, summary: '20 of 20' }, T0 + 1000);
    expect(next.state).toMatchObject({ phase: 'progressing', previewActive: false, switched: true });
  });
});
