import type { AliasMove } from '../store/index.js';

/** The aliases a version can hold, in promotion order. */
export const ALIASES = ['candidate', 'staging', 'production'] as const;
export type Alias = (typeof ALIASES)[number];

/** Aliases that need a passing gate report in a strict environment. */
export const GATED_ALIASES: readonly Alias[] = ['staging', 'production'];

/** True when `name` is one of {@link ALIASES}. */
export function isAlias(name: string): name is Alias {
  return (ALIASES as readonly string[]).includes(name);
}

/** The verdict of the validation gates on a version, as promotion needs it. */
export interface GateVerdict {
  readonly passed: boolean;
  /** One sentence: which gates failed, or that all passed. */
  readonly summary: string;
}

/** Everything the promotion rule looks at. */
export interface PromotionFacts {
  readonly version: string;
  readonly alias: Alias;
  /** Whether the environment is strict (security.strict_mode). */
  readonly strict: boolean;
  readonly env: string;
  /** The gates' verdict; null when none was computed (only allowed where not needed). */
  readonly verdict: GateVerdict | null;
  /** Every past move of the staging alias. */
  readonly stagingHistory: readonly AliasMove[];
  /** Every past move of the production alias. */
  readonly productionHistory: readonly AliasMove[];
}

/**
 * True when the move returns production to a version that held it before (a rollback). Such
 * a version passed the rules when it first became production; judging it again against the
 * production it replaces would let a bad release block its own rollback.
 */
export function isRollback(f: Pick<PromotionFacts, 'alias' | 'version' | 'productionHistory'>): boolean {
  return f.alias === 'production' && f.productionHistory.some((m) => m.to === f.version);
}

/** Why a promotion is refused (null = allowed). */
export function refusePromotion(f: PromotionFacts): string | null {
  if (!f.strict || !GATED_ALIASES.includes(f.alias) || isRollback(f)) return null;
  if (!f.verdict) return `${f.env} is a strict environment and ${f.alias} needs a passing gate report, but none could be produced`;
  if (!f.verdict.passed) return `${f.env} is a strict environment and ${f.alias} needs a passing gate report: ${f.verdict.summary}`;
  if (f.alias === 'production' && !f.stagingHistory.some((m) => m.to === f.version)) {
    return `${f.env} is a strict environment: a version must be staging before it becomes production, and ${f.version} never was`;
  }
  return null;
}
