import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { RiskgateError } from '../errors.js';
import { CHECKSUMS_FILE, formatChecksums, isPlainFileName, parseChecksums, sha256Hex } from './artifact-checksums.js';
import { ARTIFACT_FORMAT, parseArtifactMetadata, type ArtifactMetadata } from './artifact-metadata.js';
import type { Model } from './model.js';
import { modelFromFile } from './model-from-file.js';

/** The model file of an artifact. */
export const MODEL_FILE = 'model.json';
/** The metadata file of an artifact. */
export const METADATA_FILE = 'metadata.json';

/** What the caller states about a model; format, signature and algorithm come from the model itself. */
export type NewArtifactMetadata = Omit<ArtifactMetadata, 'format' | 'signature' | 'algorithm' | 'created_at' | 'git_commit'> &
  Partial<Pick<ArtifactMetadata, 'created_at' | 'git_commit'>>;

/** The input of {@link writeArtifact}. */
export interface ArtifactContent {
  readonly model: Model;
  /** created_at defaults to now; git_commit to `git rev-parse HEAD` of the working directory. */
  readonly metadata: NewArtifactMetadata;
  /** More files to seal into the artifact (e.g. card.md, a reference profile), by plain file name. */
  readonly extraFiles?: Readonly<Record<string, string | Uint8Array>>;
}

/** A verified artifact. */
export interface LoadedArtifact {
  readonly model: Model;
  readonly metadata: ArtifactMetadata;
  /**
   * SHA-256 of checksums.sha256 itself, which lists the SHA-256 of every other file: one
   * value that identifies the whole artifact.
   */
  readonly checksum: string;
  /** Names of the files listed in checksums.sha256. */
  readonly files: readonly string[];
}

const RESERVED = new Set([MODEL_FILE, METADATA_FILE, CHECKSUMS_FILE]);

/** The commit checked out in the working directory, or null outside a git repository. */
function currentGitCommit(): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

function tampered(file: string, reason: string): RiskgateError {
  return new RiskgateError('ARTIFACT_TAMPERED', { file, reason });
}

/**
 * Writes an artifact folder: model.json, metadata.json, the extra files and checksums.sha256
 * listing every other file. The folder appears complete or not at all (written beside it,
 * then renamed). Refuses, with CONFLICT, a destination that exists and is not empty.
 * Returns the metadata written.
 */
export function writeArtifact(dir: string, content: ArtifactContent): ArtifactMetadata {
  const target = resolve(dir);
  const { created_at: createdAt, git_commit: gitCommit, ...stated } = content.metadata;
  const metadata: ArtifactMetadata = {
    format: ARTIFACT_FORMAT,
    signature: content.model.signature,
    algorithm: content.model.algorithm,
    ...stated,
    created_at: createdAt ?? new Date().toISOString(),
    git_commit: gitCommit === undefined ? currentGitCommit() : gitCommit,
  };
  parseArtifactMetadata(JSON.parse(JSON.stringify(metadata)), METADATA_FILE);
  const files = new Map<string, string | Uint8Array>([
    [MODEL_FILE, JSON.stringify(content.model.toJSON())],
    [METADATA_FILE, `${JSON.stringify(metadata, null, 2)}\n`],
  ]);
  for (const [name, bytes] of Object.entries(content.extraFiles ?? {})) {
    if (!isPlainFileName(name) || RESERVED.has(name)) throw new RiskgateError('BAD_REQUEST', { reason: `"${name}" cannot be an artifact file name (plain names only, not ${[...RESERVED].join(', ')})` });
    files.set(name, bytes);
  }
  if (existsSync(target) && readdirSync(target).length > 0) throw new RiskgateError('CONFLICT', { reason: `artifact folder ${dir} already exists and is not empty` });
  mkdirSync(dirname(target), { recursive: true });
  const staging = join(dirname(target), `.${basename(target)}.partial-${randomBytes(6).toString('hex')}`);
  mkdirSync(staging);
  try {
    const hashes = new Map<string, string>();
    for (const [name, bytes] of files) {
      writeFileSync(join(staging, name), bytes);
      hashes.set(name, sha256Hex(bytes));
    }
    writeFileSync(join(staging, CHECKSUMS_FILE), formatChecksums(hashes));
    if (existsSync(target)) rmdirSync(target); // empty, checked above
    renameSync(staging, target);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return metadata;
}

/** Reads a file listed in the artifact, turning a read failure into ARTIFACT_TAMPERED. */
function readListed(dir: string, name: string): Buffer {
  try {
    return readFileSync(join(dir, name));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file is missing' : `cannot read it (${(e as Error).message})`;
    throw new RiskgateError('ARTIFACT_TAMPERED', { file: name, reason }, { cause: e });
  }
}

function parseJson(bytes: Buffer, file: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (e) {
    throw new RiskgateError('MODEL_INVALID', { file, reason: `not JSON (${(e as Error).message})` }, { cause: e });
  }
}

/**
 * Reads and verifies an artifact folder. Every file listed in checksums.sha256 must exist and
 * match; a file in the folder that is not listed, a missing checksums.sha256 and a missing
 * model.json or metadata.json are refused too — all with ARTIFACT_TAMPERED naming the file.
 * Content that verifies but is malformed gives MODEL_INVALID.
 */
export function readArtifact(dir: string): LoadedArtifact {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw new RiskgateError('MODEL_INVALID', { file: dir, reason: `cannot read the artifact folder (${(e as Error).message})` }, { cause: e });
  }
  const listBytes = readListed(dir, CHECKSUMS_FILE);
  const listed = parseChecksums(listBytes.toString('utf8'));
  for (const required of [MODEL_FILE, METADATA_FILE]) {
    if (!listed.has(required)) throw tampered(required, entries.includes(required) ? `not listed in ${CHECKSUMS_FILE}` : 'the file is missing');
  }
  const unlisted = entries.filter((name) => name !== CHECKSUMS_FILE && !listed.has(name));
  if (unlisted.length > 0) throw tampered(unlisted[0], `not listed in ${CHECKSUMS_FILE}; an artifact is sealed when written`);
  const contents = new Map<string, Buffer>();
  for (const [name, expected] of listed) {
    const bytes = readListed(dir, name);
    const actual = sha256Hex(bytes);
    if (actual !== expected) throw tampered(name, `its SHA-256 is ${actual}, the list says ${expected} (changed or truncated)`);
    contents.set(name, bytes);
  }
  const metadata = parseArtifactMetadata(parseJson(contents.get(METADATA_FILE) as Buffer, METADATA_FILE));
  const model = modelFromFile(parseJson(contents.get(MODEL_FILE) as Buffer, MODEL_FILE), metadata.signature, MODEL_FILE);
  if (model.algorithm !== metadata.algorithm) {
    throw new RiskgateError('MODEL_INVALID', { file: METADATA_FILE, reason: `algorithm ${metadata.algorithm} differs from the model file's ${model.algorithm}` });
  }
  return { model, metadata, checksum: sha256Hex(listBytes), files: [...listed.keys()] };
}
