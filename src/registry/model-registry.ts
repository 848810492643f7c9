import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Signature } from '../data/index.js';
import { isRiskgateError, RiskgateError } from '../errors.js';
import { importXgboostJson, readArtifact, writeArtifact, type ArtifactMetadata, type LoadedArtifact, type Model } from '../model/index.js';
import type { AliasMove, JsonObject, ModelVersionRecord, Store } from '../store/index.js';
import { buildModelCard } from './build-model-card.js';
import { renderCardHtml, renderCardMarkdown } from './card-document.js';
import { evaluateModel, type ModelEvaluation } from './evaluate-model.js';
import { inspectArtifactFiles } from './inspect-artifact-files.js';
import { GATED_ALIASES, isAlias, isRollback, refusePromotion, type Alias, type GateVerdict } from './promotion-policy.js';
import { buildSmokeSet, type SmokeSet } from './smoke-set.js';
import { resolveValidationSet, type ValidationSet } from './validation-set.js';
import { signatureHashOf, versionFactsOf } from './version-facts.js';
import { compareVersions, isVersionName } from './version-name.js';
import { checkVersionRule, classifyChange, nextVersion, type VersionFacts } from './version-rule.js';

/** The card file sealed into every registered artifact. */
export const CARD_FILE = 'card.md';

/** Formats a model card can be rendered in. */
export const CARD_FORMATS = ['md', 'html'] as const;
export type CardFormat = (typeof CARD_FORMATS)[number];

/**
 * Runs the validation gates on a version for a promotion (src/gates provides it). The
 * registry stays independent of the gates: it only needs the verdict.
 */
export type PromotionCheck = (registry: ModelRegistry, version: string) => Promise<GateVerdict>;

/** Settings of a registry (from config: models.path, env, security.strict_mode). */
export interface ModelRegistryOptions {
  readonly store: Store;
  /** MODEL_PATH: artifacts live in MODEL_PATH/<version>/. */
  readonly modelPath: string;
  readonly env: string;
  /** Strict environments gate staging and production and require staging before production. */
  readonly strict: boolean;
  /** Needed to promote to staging/production in a strict environment (fail closed without). */
  readonly promotionCheck?: PromotionCheck;
  /** The clock (tests pass a fixed one). */
  readonly now?: () => Date;
}

/** Who registers and under which name. */
export interface RegisterOptions {
  readonly actor: string;
  /** The version name; else the folder's name when it is one; else the next by the rule. */
  readonly version?: string;
  /** A labelled CSV for signatures other than the heart one (its rows evaluate the version). */
  readonly validationData?: string;
}

/** Options of {@link ModelRegistry.importXgboost}. */
export interface ImportOptions extends RegisterOptions {
  readonly signature?: Signature;
  /** Operating threshold on the probability (default 0.5). */
  readonly threshold?: number;
}

/** What the registry keeps beside metadata.json in the store record. */
export interface RegistryNotes {
  readonly facts: VersionFacts;
  readonly change: string | null;
  readonly validation_source: string | null;
  readonly evaluation: ModelEvaluation | null;
  /** Latest gate report summary per environment. */
  readonly gate_reports: Readonly<Record<string, { readonly passed: boolean; readonly summary: string; readonly at: string }>>;
}

/** One version as listed and shown. */
export interface VersionInfo {
  readonly version: string;
  readonly checksum: string;
  readonly path: string;
  readonly createdAt: number;
  readonly createdBy: string | null;
  readonly aliases: readonly string[];
  readonly metadata: ArtifactMetadata;
  readonly notes: RegistryNotes;
  readonly smokeSet: SmokeSet | null;
}

/** A verified, loaded version. */
export interface LoadedVersion {
  readonly version: string;
  readonly model: Model;
  readonly metadata: ArtifactMetadata;
  readonly checksum: string;
}

/** Per-version integrity (for /health/detailed and the integrity gate). */
export interface VersionIntegrity {
  readonly version: string;
  readonly ok: boolean;
  readonly checksum: string;
  /** The offending file and why, when not ok. */
  readonly file: string | null;
  readonly reason: string | null;
}

/** Splits a store record's metadata into metadata.json and the registry's notes. */
function splitRecord(record: ModelVersionRecord): { metadata: ArtifactMetadata; notes: RegistryNotes } {
  const { registry, ...metadata } = record.metadata as unknown as ArtifactMetadata & { registry: RegistryNotes };
  return { metadata, notes: registry };
}

/** A value as plain JSON for the store. */
const toJson = <T>(v: T): JsonObject => JSON.parse(JSON.stringify(v)) as JsonObject;

/**
 * The model registry: versions and their artifacts under MODEL_PATH, their metadata, smoke
 * sets and evaluations in the Store, aliases (candidate, staging, production) with a recorded
 * history, model cards, and the promotion rules of strict environments. Every load verifies
 * the artifact's checksums; a tampered artifact is refused naming the file.
 */
export class ModelRegistry {
  readonly #store: Store;
  readonly #root: string;
  readonly #now: () => Date;
  readonly env: string;
  readonly strict: boolean;
  readonly #check: PromotionCheck | undefined;

  constructor(options: ModelRegistryOptions) {
    this.#store = options.store;
    this.#root = resolve(options.modelPath);
    this.#now = options.now ?? (() => new Date());
    this.env = options.env;
    this.strict = options.strict;
    this.#check = options.promotionCheck;
  }

  /** MODEL_PATH, absolute. */
  get modelPath(): string {
    return this.#root;
  }

  /**
   * Registers a trained artifact folder: verifies it (checksums, data-only files), names it
   * (checking the version rule against its predecessor), evaluates it on its validation set,
   * stores its smoke set, writes its model card and seals a copy into MODEL_PATH/<version>/.
   * Throws ARTIFACT_TAMPERED / MODEL_INVALID for a bad folder, VERSION_RULE_BROKEN for a
   * name that breaks the rule, CONFLICT when the version exists.
   */
  async register(dir: string, options: RegisterOptions): Promise<VersionInfo> {
    const problems = inspectArtifactFiles(dir);
    if (problems.length) throw new RiskgateError('MODEL_INVALID', { file: problems[0].file, reason: `${problems[0].reason} (an artifact holds data files only)` });
    const artifact = readArtifact(dir);
    const folderName = basename(resolve(dir));
    return this.#admit(artifact, { ...options, version: options.version ?? (isVersionName(folderName) ? folderName : undefined) }, dir);
  }

  /**
   * Imports an XGBoost JSON model (a path or parsed JSON) under a signature (permissive when
   * none), then registers it like a trained artifact. MODEL_INVALID for an unsupported file.
   */
  async importXgboost(pathOrJson: unknown, options: ImportOptions): Promise<VersionInfo> {
    const model = importXgboostJson(pathOrJson, { signature: options.signature });
    const source = typeof pathOrJson === 'string' ? basename(pathOrJson) : 'uploaded XGBoost JSON';
    const tmp = join(this.#root, `.import-${randomBytes(6).toString('hex')}`);
    try {
      writeArtifact(tmp, {
        model,
        metadata: {
          hyperparameters: { imported_from: source, format: 'xgboost-json' },
          training_data: null,
          metrics: {},
          threshold: options.threshold ?? 0.5,
          created_at: this.#now().toISOString(),
          git_commit: null,
        },
      });
      return await this.#admit(readArtifact(tmp), options, tmp);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  /** Names, evaluates, seals and records a verified artifact. */
  async #admit(artifact: LoadedArtifact, options: RegisterOptions, sourceDir: string): Promise<VersionInfo> {
    const records = await this.#store.models.list();
    const existing = records.map((r) => ({ version: r.version, facts: splitRecord(r).notes.facts }));
    const facts = versionFactsOf(artifact);
    let version = options.version;
    if (!version) {
      const latest = [...existing].sort((a, b) => compareVersions(a.version, b.version)).at(-1);
      const change = latest ? classifyChange(latest.facts, facts) : 'major';
      if (latest && change === null) throw new RiskgateError('VERSION_RULE_BROKEN', { version: '(next)', reason: `the artifact is identical to ${latest.version}` });
      version = nextVersion(latest?.version ?? null, change ?? 'major', this.#now());
    }
    const change = checkVersionRule(version, facts, existing);
    const vset = resolveValidationSet(artifact.metadata.signature, options.validationData ?? null);
    const evaluation = vset ? evaluateModel(artifact.model, vset, artifact.metadata.threshold ?? 0.5).evaluation : null;
    const smokeSet = buildSmokeSet(artifact.model, vset);
    const createdAt = this.#now().getTime();
    const card = renderCardMarkdown(buildModelCard({
      version, checksum: '(see checksums.sha256)', createdAt, createdBy: options.actor,
      signature: artifact.metadata.signature, metadata: artifact.metadata, evaluation,
    }));
    const target = join(this.#root, version);
    if (await this.#store.models.get(version)) throw new RiskgateError('CONFLICT', { reason: `version ${version} is already registered` });
    // Seal beside the final place, let the store decide who owns the name (its insert is the
    // only arbiter between concurrent registrations), then move the folder into place.
    mkdirSync(this.#root, { recursive: true });
    const staging = join(this.#root, `.staging-${version}-${randomBytes(6).toString('hex')}`);
    const { created_at, git_commit, ...stated } = artifact.metadata;
    const extraFiles: Record<string, Uint8Array> = {};
    for (const name of artifact.files) {
      if (!['model.json', 'metadata.json', CARD_FILE].includes(name)) extraFiles[name] = readFileSync(join(sourceDir, name));
    }
    extraFiles[CARD_FILE] = Buffer.from(card, 'utf8');
    try {
      writeArtifact(staging, { model: artifact.model, metadata: { ...stated, created_at, git_commit }, extraFiles });
      const sealed = readArtifact(staging);
      const notes: RegistryNotes = { facts, change, validation_source: options.validationData ?? null, evaluation, gate_reports: {} };
      await this.#store.models.insert({
        version, checksum: sealed.checksum, path: target,
        metadata: toJson({ ...sealed.metadata, registry: notes }),
        signatureHash: signatureHashOf(sealed.metadata),
        smokeSet: toJson(smokeSet),
        createdAt, createdBy: options.actor,
      });
      // The name is ours: a folder already there is what a crash after a past insert left.
      if (existsSync(target)) this.#discard(target);
      renameSync(staging, target);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    return this.get(version);
  }

  /** Moves a folder aside and deletes it, so a half-deleted folder is never taken for an artifact. */
  #discard(dir: string): void {
    const aside = `${dir}.discard-${randomBytes(4).toString('hex')}`;
    renameSync(dir, aside);
    rmSync(aside, { recursive: true, force: true });
  }

  /** The version an alias or version name designates; MODEL_NOT_FOUND when none. */
  async resolve(versionOrAlias: string): Promise<string> {
    if (isAlias(versionOrAlias)) {
      const v = await this.#store.aliases.get(versionOrAlias);
      if (!v) throw new RiskgateError('MODEL_NOT_FOUND', { version: `${versionOrAlias} (no version holds this alias)` });
      return v;
    }
    if (!(await this.#store.models.get(versionOrAlias))) throw new RiskgateError('MODEL_NOT_FOUND', { version: versionOrAlias });
    return versionOrAlias;
  }

  /** Every version, oldest first, with its aliases. */
  async list(): Promise<VersionInfo[]> {
    const [records, aliases] = await Promise.all([this.#store.models.list(), this.#store.aliases.list()]);
    return records.map((r) => this.#info(r, aliases));
  }

  /** One version (or the version an alias points at); MODEL_NOT_FOUND when none. */
  async get(versionOrAlias: string): Promise<VersionInfo> {
    const version = await this.resolve(versionOrAlias);
    const [record, aliases] = await Promise.all([this.#store.models.get(version), this.#store.aliases.list()]);
    if (!record) throw new RiskgateError('MODEL_NOT_FOUND', { version });
    return this.#info(record, aliases);
  }

  #info(r: ModelVersionRecord, aliases: Readonly<Record<string, string>>): VersionInfo {
    const { metadata, notes } = splitRecord(r);
    return {
      version: r.version, checksum: r.checksum, path: r.path, createdAt: r.createdAt, createdBy: r.createdBy,
      aliases: Object.entries(aliases).filter(([, v]) => v === r.version).map(([a]) => a).sort(),
      metadata, notes, smokeSet: r.smokeSet as unknown as SmokeSet | null,
    };
  }

  /**
   * Loads a version (or alias) from its artifact, verifying every checksum and that the
   * artifact is still the one registered. ARTIFACT_TAMPERED names the offending file.
   */
  async load(versionOrAlias: string): Promise<LoadedVersion> {
    const info = await this.get(versionOrAlias);
    const artifact = readArtifact(info.path);
    if (artifact.checksum !== info.checksum) {
      throw new RiskgateError('ARTIFACT_TAMPERED', { file: 'checksums.sha256', reason: `the artifact of ${info.version} is not the one registered (checksum ${artifact.checksum}, registered ${info.checksum})` });
    }
    return { version: info.version, model: artifact.model, metadata: artifact.metadata, checksum: artifact.checksum };
  }

  /** Integrity of one version: checksums, registered checksum, data-only files. Never throws for a bad artifact. */
  async verify(versionOrAlias: string): Promise<VersionIntegrity> {
    const info = await this.get(versionOrAlias);
    const bad = (file: string, reason: string): VersionIntegrity => ({ version: info.version, ok: false, checksum: info.checksum, file, reason });
    try {
      await this.load(info.version);
    } catch (e) {
      if (isRiskgateError(e, 'ARTIFACT_TAMPERED') || isRiskgateError(e, 'MODEL_INVALID')) return bad(String(e.details.file ?? info.path), e.message);
      throw e;
    }
    const problems = inspectArtifactFiles(info.path);
    if (problems.length) return bad(problems[0].file, problems[0].reason);
    return { version: info.version, ok: true, checksum: info.checksum, file: null, reason: null };
  }

  /** Integrity of every registered version (for /health/detailed). */
  async integrity(): Promise<VersionIntegrity[]> {
    const records = await this.#store.models.list();
    return Promise.all(records.map((r) => this.verify(r.version)));
  }

  /** The validation set a version is evaluated on (null when it has none). */
  async validationSetOf(versionOrAlias: string): Promise<ValidationSet | null> {
    const info = await this.get(versionOrAlias);
    return resolveValidationSet(info.metadata.signature, info.notes.validation_source);
  }

  /**
   * Points `alias` at a version, recording who, when and why. The artifact must verify. In a
   * strict environment, staging and production need a passing gate verdict and production
   * needs the version to have been staging; refusals are GATES_FAILED saying why. Returning
   * production to a version that held it before (a rollback) is not gated again. Promoting a
   * version to the alias it already holds changes nothing and returns the last move.
   */
  async promote(versionOrAlias: string, alias: string, move: { readonly actor: string; readonly reason: string }): Promise<AliasMove> {
    if (!isAlias(alias)) throw new RiskgateError('BAD_REQUEST', { reason: `unknown alias "${alias}"; use candidate, staging or production` });
    if (!move.reason.trim()) throw new RiskgateError('BAD_REQUEST', { reason: 'a promotion needs a reason' });
    const version = await this.resolve(versionOrAlias);
    await this.load(version);
    if ((await this.#store.aliases.get(alias)) === version) {
      const last = (await this.#store.aliases.history({ alias, limit: 1 }))[0];
      if (last) return last;
    }
    const [stagingHistory, productionHistory] = await Promise.all([this.#store.aliases.history({ alias: 'staging' }), this.#store.aliases.history({ alias: 'production' })]);
    const gated = this.strict && GATED_ALIASES.includes(alias) && !isRollback({ alias, version, productionHistory });
    const verdict = gated && this.#check ? await this.#check(this, version) : null;
    const refusal = refusePromotion({ version, alias: alias as Alias, strict: this.strict, env: this.env, verdict, stagingHistory, productionHistory });
    if (refusal) throw new RiskgateError('GATES_FAILED', { version, alias, reason: refusal, verdict });
    return this.#store.aliases.set(alias, version, { actor: move.actor, reason: move.reason, at: this.#now().getTime() });
  }

  /** Alias moves, newest first (one alias, or all). */
  async history(alias?: string): Promise<readonly AliasMove[]> {
    if (alias !== undefined && !isAlias(alias)) throw new RiskgateError('BAD_REQUEST', { reason: `unknown alias "${alias}"; use candidate, staging or production` });
    return this.#store.aliases.history(alias ? { alias } : {});
  }

  /** The version that held `alias` at instant `at`, or null. */
  async aliasAt(alias: string, at: Date | number): Promise<string | null> {
    if (!isAlias(alias)) throw new RiskgateError('BAD_REQUEST', { reason: `unknown alias "${alias}"; use candidate, staging or production` });
    return this.#store.aliases.at(alias, typeof at === 'number' ? at : at.getTime());
  }

  /** Records the latest gate verdict of a version in an environment (shown by `models show`). */
  async recordGateVerdict(version: string, env: string, verdict: GateVerdict): Promise<void> {
    const record = await this.#store.models.get(version);
    if (!record) throw new RiskgateError('MODEL_NOT_FOUND', { version });
    const { metadata, notes } = splitRecord(record);
    const gate_reports = { ...notes.gate_reports, [env]: { passed: verdict.passed, summary: verdict.summary, at: this.#now().toISOString() } };
    await this.#store.models.updateMetadata(version, toJson({ ...metadata, registry: { ...notes, gate_reports } }));
  }

  /**
   * The model card of a version: 'md' is the card.md sealed in the verified artifact; 'html'
   * is a self-contained page with SVG figures, generated from the same facts.
   */
  async card(versionOrAlias: string, format: CardFormat = 'md'): Promise<string> {
    if (!(CARD_FORMATS as readonly string[]).includes(format)) throw new RiskgateError('BAD_REQUEST', { reason: `unknown card format "${format}"; use md or html` });
    const info = await this.get(versionOrAlias);
    await this.load(info.version);
    if (format === 'md') return readFileSync(join(info.path, CARD_FILE), 'utf8');
    return renderCardHtml(buildModelCard({
      version: info.version, checksum: info.checksum, createdAt: info.createdAt, createdBy: info.createdBy,
      signature: info.metadata.signature, metadata: info.metadata, evaluation: info.notes.evaluation,
    }));
  }
}
