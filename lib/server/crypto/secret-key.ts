import "server-only";
/**
 * The key that seals secrets at rest. `PALISADE_SECRET_KEY` (32 bytes, base64 or hex) wins;
 * otherwise `<data folder>/secret.key` is read, or created once with a random key (mode 0600,
 * exclusive create so two processes starting together agree on one key).
 *
 * Keeping the key file beside the database protects a copied or leaked database dump (backups,
 * a `pg_dump`, a PostgreSQL server shared with others), not a stolen data folder: for that, set
 * PALISADE_SECRET_KEY from a secret store and keep the key out of the folder.
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { dataDirFromEnv } from "@/lib/server/data-dir";
import { log } from "@/lib/server/log";
import { generateSecretKeyText, parseSecretKey } from "@/lib/server/crypto/secret-box";

export const SECRET_KEY_FILE = "secret.key";

interface KeyGlobal {
  __palisadeSecretKey?: Promise<Uint8Array>;
}
// One key per process, shared by every bundle Next builds; the key is ours alone.
const store = globalThis as typeof globalThis & KeyGlobal;

/** Reads or creates the key as described above. Throws on a malformed key or an unreadable file. */
export async function loadSecretKey(source: Readonly<Record<string, string | undefined>> = process.env): Promise<Uint8Array> {
  const configured = source.PALISADE_SECRET_KEY?.trim();
  if (configured !== undefined && configured !== "") {
    const parsed = parseSecretKey(configured);
    if (!parsed.ok) throw new Error(`PALISADE_SECRET_KEY ${parsed.error}`);
    return parsed.value;
  }
  const dir = dataDirFromEnv(source);
  const file = path.join(dir, SECRET_KEY_FILE);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, generateSecretKeyText() + "\n", { mode: 0o600, flag: "wx" });
    if (source.DATABASE_URL?.trim()) {
      // Replicas sharing one PostgreSQL server but not one data folder would each make their own
      // key and could not open each other's secrets.
      log.warn("generated a secret key in the data folder while using DATABASE_URL: set PALISADE_SECRET_KEY (the same on every replica) instead", { file });
    }
  } catch (e) {
    if (!(e instanceof Error && "code" in e && e.code === "EEXIST")) throw e;
  }
  await chmod(file, 0o600);
  const parsed = parseSecretKey(await readFile(file, "utf8"));
  if (!parsed.ok) throw new Error(`${file}: the key ${parsed.error}`);
  return parsed.value;
}

/** The process's key (loaded once; a failed load is retried on the next call). */
export function getSecretKey(): Promise<Uint8Array> {
  if (store.__palisadeSecretKey === undefined) {
    const loading = loadSecretKey();
    store.__palisadeSecretKey = loading;
    loading.catch(() => {
      if (store.__palisadeSecretKey === loading) store.__palisadeSecretKey = undefined;
    });
  }
  return store.__palisadeSecretKey;
}

/** Forgets the cached key (tests that switch data folders or keys). */
export function forgetSecretKey(): void {
  store.__palisadeSecretKey = undefined;
}
