import "server-only";
/**
 * The data folder (`PALISADE_DATA_DIR`, default `./.data`) holds the embedded database, the
 * generated admin password and the secret key: only the server's own user may read it. At
 * start the folder and everything under it are made owner-only (folders 0700, files 0600), and
 * the process umask is set to 077 so files created later are private from the start.
 *
 * Why both: the embedded database (PGlite) unpacks its initial cluster with mode 0666 files
 * whatever the umask, and writes relcache files (`pg_internal.init`) with explicit modes at each
 * open; the walk repairs those. Between two walks such a file is still unreachable to others
 * because its folder is 0700.
 */
import { lstat, mkdir, readdir, chmod } from "node:fs/promises";
import path from "node:path";
import { log } from "@/lib/server/log";

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/** A bound on the walk: a data folder holds about a thousand files; stop long before a disk's worth. */
const MAX_ENTRIES = 200_000;

/** What a repair found. */
export interface PrivacyReport {
  readonly checked: number;
  readonly repaired: number;
}

/** The data folder of this process, resolved like lib/server/env.ts and db/open.ts do. */
export function dataDirFromEnv(source: Readonly<Record<string, string | undefined>> = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ source.PALISADE_DATA_DIR?.trim() || ".data");
}

/**
 * Sets the process umask to 077 (new files 0600, new folders 0700). Returns false where Node
 * does not allow it (worker threads), so the caller can rely on the repair walk alone.
 */
export function restrictUmask(): boolean {
  try {
    process.umask(0o077);
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates `root` if needed and removes every group and other permission bit from it and from
 * everything under it. Symbolic links are neither followed nor changed (chmod would act on
 * their target, which may be outside the folder). Refuses to walk a filesystem root. Throws
 * the file system's error when a chmod fails (not the owner): starting with a readable
 * database would be worse than not starting.
 */
export async function makePrivate(root: string): Promise<PrivacyReport> {
  const resolved = path.resolve(root);
  if (resolved === path.parse(resolved).root) throw new Error(`refusing to change permissions of the filesystem root (${resolved}): set PALISADE_DATA_DIR to a folder of its own`);
  await mkdir(resolved, { recursive: true, mode: DIR_MODE });
  let checked = 0;
  let repaired = 0;
  const pending: string[] = [resolved];
  while (pending.length > 0 && checked < MAX_ENTRIES) {
    const current = pending.pop() as string; // length checked by the loop
    const stat = await lstat(current).catch(() => undefined); // removed meanwhile (PGlite temp files)
    if (stat === undefined || stat.isSymbolicLink()) continue;
    checked++;
    const want = stat.isDirectory() ? DIR_MODE : FILE_MODE;
    if ((stat.mode & 0o077) !== 0 || (stat.mode & 0o777) !== want) {
      await chmod(current, want);
      repaired++;
    }
    if (stat.isDirectory()) {
      const names = await readdir(current).catch(() => [] as string[]);
      for (const name of names) pending.push(path.join(current, name));
    }
  }
  return { checked, repaired };
}

/**
 * Restricts the umask and repairs the data folder, logging what was tightened. Throws what
 * makePrivate throws.
 */
export async function ensurePrivateDataDir(dir: string = dataDirFromEnv()): Promise<PrivacyReport> {
  restrictUmask();
  const report = await makePrivate(dir);
  // Debug, not info: every fresh embedded database needs ~970 files repaired (PGlite's own modes).
  if (report.repaired > 0) log.debug("made the data folder private", { dir, ...report });
  return report;
}
