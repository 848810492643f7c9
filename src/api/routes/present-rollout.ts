import type { RolloutStep, RolloutView } from '../../rollout/index.js';
import type { RolloutEvent } from '../../store/index.js';

/** One check of an analysis as the API shows it. */
export interface RolloutCheckJson {
  readonly name: string;
  readonly status: string;
  readonly sentence: string;
  readonly numbers: Readonly<Record<string, number | null>>;
}

/**
 * A rollout as GET /api/v1/rollouts/:id answers it (web/src/types.ts reads these names).
 * `steps` are the traffic shares the rollout moves through (canary weights; 100 for a
 * blue-green switch; the mirror share of a shadow) and `step_index` the one reached.
 */
export interface RolloutJson {
  readonly id: string;
  readonly env: string;
  readonly strategy: string;
  readonly phase: string;
  readonly candidate: string;
  readonly stable: string;
  readonly step_index: number;
  readonly steps: readonly number[];
  /** The current step of the state machine in words ("bake: 10 s, at least 20 predictions"). */
  readonly stage: string;
  readonly canary_weight: number;
  readonly mirror_percent: number;
  readonly preview: boolean;
  readonly switched: boolean;
  readonly created_at: string;
  readonly updated_at: string;
  readonly created_by: string;
  readonly paused: { readonly kind: string; readonly reason: string; readonly actor: string; readonly at: string } | null;
  readonly outcome: { readonly reason: string; readonly actor: string; readonly at: string } | null;
  readonly smoke_test: { readonly status: string; readonly summary: string | null; readonly at: string } | null;
  /** The latest analysis; `failures_in_a_row` counts failing analyses up to it (rollout.analysis.failure_limit of them are tolerated). */
  readonly analysis: { readonly verdict: string; readonly summary: string; readonly at: string; readonly failures_in_a_row: number; readonly checks: readonly RolloutCheckJson[] } | null;
}

/** One timeline entry as the API shows it. */
export interface RolloutEventJson {
  readonly at: string;
  readonly type: string;
  readonly message: string;
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The share a traffic step puts on the candidate, or null for steps that only wait. */
function shareOf(step: RolloutStep): number | null {
  switch (step.type) {
    case 'setWeight': return step.weight;
    case 'mirror': return step.percent > 0 ? step.percent : null;
    case 'switch': return 100;
    default: return null;
  }
}

/** A step in words. */
export function describeStep(step: RolloutStep | undefined): string {
  if (!step) return 'done';
  switch (step.type) {
    case 'setWeight': return `set canary weight ${step.weight} %`;
    case 'mirror': return step.percent > 0 ? `mirror ${step.percent} % to the shadow` : 'stop mirroring';
    case 'preview': return 'load the preview';
    case 'smokeTest': return 'smoke-test the preview';
    case 'switch': return 'switch all traffic';
    case 'bake': return `bake ${Math.round(step.durationMs / 1000)} s, at least ${step.minSamples} predictions`;
    case 'analysis': return `analysis, at least ${step.minSamples} predictions`;
    case 'pause': return `pause${step.reason ? `: ${step.reason}` : ''}`;
  }
}

/** The rollout's JSON. Pure. */
export function presentRollout(r: RolloutView): RolloutJson {
  const shares: number[] = [];
  let reached = -1;
  r.steps.forEach((step, i) => {
    const share = shareOf(step);
    if (share === null) return;
    shares.push(share);
    if (i <= r.stepIndex) reached = shares.length - 1;
  });
  return {
    id: r.id, env: r.env, strategy: r.strategy, phase: r.phase, candidate: r.candidate, stable: r.baseline,
    step_index: Math.max(0, reached), steps: shares, stage: r.active ? describeStep(r.steps[r.stepIndex]) : r.phase,
    canary_weight: r.canaryWeight, mirror_percent: r.mirrorPercent, preview: r.previewActive, switched: r.switched,
    created_at: iso(r.createdAt), updated_at: iso(r.updatedAt), created_by: r.createdBy,
    paused: r.pause ? { kind: r.pause.kind, reason: r.pause.reason, actor: r.pause.actor, at: iso(r.pause.at) } : null,
    outcome: r.outcome ? { reason: r.outcome.reason, actor: r.outcome.actor, at: iso(r.outcome.at) } : null,
    smoke_test: r.smokeTest ? { status: r.smokeTest.status, summary: r.smokeTest.summary, at: iso(r.smokeTest.at) } : null,
    analysis: r.analysis
      ? {
          verdict: r.analysis.verdict.status, summary: r.analysis.verdict.summary, at: iso(r.analysis.at), failures_in_a_row: r.analysisFailures ?? 0,
          checks: r.analysis.verdict.checks.map((c) => ({ name: c.name, status: c.status, sentence: c.sentence, numbers: c.numbers })),
        }
      : null,
  };
}

/** A timeline entry's JSON. Pure. */
export function presentRolloutEvent(e: RolloutEvent): RolloutEventJson {
  return { at: iso(e.at), type: e.type, message: e.message, actor: e.actor, data: e.data };
}
