import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** File types an artifact may hold: JSON and text, never code or binaries. */
export const DATA_FILE_EXTENSIONS = ['.json', '.md', '.txt', '.csv', '.sha256'] as const;

/** Leading bytes of executables and serialised code: shebang, ELF, PE/DOS, Mach-O, Python pickle. */
const EXECUTABLE_MAGIC: readonly { readonly name: string; readonly bytes: readonly number[] }[] = [
  { name: 'a script (#!)', bytes: [0x23, 0x21] },
  { name: 'an ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'a Windows executable', bytes: [0x4d, 0x5a] },
  { name: 'a Mach-O executable', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'a Python pickle', bytes: [0x80] },
];

/** A file of an artifact that is not plain data. */
export interface ArtifactFileProblem {
  readonly file: string;
  readonly reason: string;
}

/** Why one directory entry is not a data file, or null when it is. */
function inspectEntry(dir: string, name: string): string | null {
  const path = join(dir, name);
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return 'is a symbolic link';
  if (!st.isFile()) return 'is not a regular file';
  if ((st.mode & 0o111) !== 0) return 'has an executable permission bit';
  if (!(DATA_FILE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase())) {
    return `has type "${extname(name) || '(none)'}"; only ${DATA_FILE_EXTENSIONS.join(', ')} are allowed`;
  }
  const bytes = readFileSync(path);
  const magic = EXECUTABLE_MAGIC.find((m) => m.bytes.every((b, i) => bytes[i] === b));
  if (magic) return `looks like ${magic.name}`;
  if (bytes.includes(0)) return 'holds binary data (NUL bytes), not text';
  if (!Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)) return 'is not valid UTF-8 text';
  return null;
}

/**
 * Checks that an artifact folder holds data only: regular JSON or text files, not executable,
 * not binaries, no links or sub-folders. Returns every problem (empty = data only); a folder
 * that cannot be read is one problem. Never throws.
 */
export function inspectArtifactFiles(dir: string): ArtifactFileProblem[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    return [{ file: dir, reason: `cannot read the folder (${(e as Error).message})` }];
  }
  const out: ArtifactFileProblem[] = [];
  for (const name of names) {
    try {
      const reason = inspectEntry(dir, name);
      if (reason) out.push({ file: name, reason });
    } catch (e) {
      out.push({ file: name, reason: `cannot be read (${(e as Error).message})` });
    }
  }
  return out;
}
