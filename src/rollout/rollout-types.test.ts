import { describe, expectTypeOf, it } from 'vitest';
import type { ArmWindowObservation } from '../monitor/index.js';
import type { BreakerBoard, CircuitBreakers, Router, TrafficPlan, TrafficRouter } from '../serving/index.js';
import type { ArmObservation } from './arm-observation.js';
import type { derivePlan } from './derive-plan.js';
import type { RolloutEffect } from './rollout-effect.js';
import type { RolloutInput } from './rollout-input.js';
import type { decide, Decision } from './rollout-machine.js';
import type { RolloutController } from './rollout-controller.js';
import type { RolloutService } from './rollout-service.js';
import type { RolloutPhase, RolloutState } from './rollout-state.js';
import type { CheckStatus } from './verdict.js';

describe('public types', () => {
  it('fit the pieces they connect', () => {
    // The monitor's arm windows produce what the judge consumes.
    expectTypeOf<ArmWindowObservation>().toExtend<ArmObservation>();
    // The router and breakers are what the predictor asks for.
    expectTypeOf<Router>().toExtend<TrafficRouter>();
    expectTypeOf<CircuitBreakers>().toExtend<BreakerBoard>();
    expectTypeOf<RolloutController>().toExtend<RolloutService>();
  });

  it('keep the state machine pure in shape: (state, input, now) → decision', () => {
    expectTypeOf<typeof decide>().parameter(0).toEqualTypeOf<RolloutState>();
    expectTypeOf<typeof decide>().parameter(1).toEqualTypeOf<RolloutInput>();
    expectTypeOf<typeof decide>().parameter(2).toEqualTypeOf<number>();
    expectTypeOf<typeof decide>().returns.toEqualTypeOf<Decision>();
    expectTypeOf<typeof derivePlan>().returns.toEqualTypeOf<TrafficPlan>();
  });

  it('use closed unions for phases, statuses and effects', () => {
    expectTypeOf<RolloutPhase>().toEqualTypeOf<'progressing' | 'paused' | 'completed' | 'aborted' | 'rolled-back'>();
    expectTypeOf<CheckStatus>().toEqualTypeOf<'pass' | 'warn' | 'not-yet' | 'fail'>();
    expectTypeOf<RolloutEffect['type']>().toEqualTypeOf<'loadModel' | 'unloadModel' | 'setTrafficPlan' | 'moveAlias' | 'runSmokeTest' | 'recordEvent' | 'notify'>();
  });
});
