/**
 * The data folder is owner-only after the server opens its database: the folder 0700, every
 * file 0600, the embedded database's files and the generated admin password included, and a
 * world-writable folder left by an older version is repaired at start.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import { makePrivate } from "@/lib/server/data-dir";

const data = useThrowawayDataDir();
// The generated-password path: no configured password.
delete process.env.PALISADE_ADMIN_PASSWORD;

/** Every entry under `root` (not following links) with group or other permission bits. */
function exposed(root: string): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const s = lstatSync(p);
    if (s.isSymbolicLink()) return;
    if ((s.mode & 0o077) !== 0) out.push(`${path.relative(root, p) || "."} ${(s.mode & 0o777).toString(8)}`);
    if (s.isDirectory()) for (const n of readdirSync(p)) walk(path.join(p, n));
  };
  walk(root);
  return out;
}

afterAll(async () => {
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
});

describe("makePrivate", () => {
  it("removes group and other bits from folders and files, leaving symlink targets alone", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "palisade-private-"));
    const outside = mkdtempSync(path.join(tmpdir(), "palisade-outside-"));
    try {
      mkdirSync(path.join(root, "a/b"), { recursive: true });
      writeFileSync(path.join(root, "a/b/f"), "x");
      writeFileSync(path.join(outside, "target"), "x");
      chmodSync(path.join(outside, "target"), 0o644);
      symlinkSync(path.join(outside, "target"), path.join(root, "a/link"));
      for (const p of ["", "a", "a/b"]) chmodSync(path.join(root, p), 0o777);
      chmodSync(path.join(root, "a/b/f"), 0o666);
      const report = await makePrivate(root);
      expect(report.repaired).toBe(4);
      expect(exposed(root)).toEqual([]);
      expect(lstatSync(path.join(root, "a/b/f")).mode & 0o777).toBe(0o600);
      expect(lstatSync(path.join(outside, "target")).mode & 0o777).toBe(0o644);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("refuses the filesystem root", async () => {
    await expect(makePrivate("/")).rejects.toThrow(/filesystem root/);
  });
});

describe("the data folder after start", () => {
  it("has no group/other permission bits: database files, admin password, leftovers", async () => {
    // A folder as an older version left it: world-writable, with a world-readable leftover.
    chmodSync(data.dir, 0o777);
    writeFileSync(path.join(data.dir, "leftover.txt"), "x");
    chmodSync(path.join(data.dir, "leftover.txt"), 0o666);
    const { getDatabase } = await import("@/lib/server/db");
    const { ensureAdminUser, adminPasswordFile } = await import("@/lib/server/auth/admin");
    const db = await getDatabase();
    await ensureAdminUser();
    // Writes after start create new database files; the umask keeps them private.
    await db.sql.exec("CREATE TABLE permission_probe (x text); INSERT INTO permission_probe SELECT repeat('a', 100) FROM generate_series(1, 20000); CHECKPOINT;");
    expect(lstatSync(adminPasswordFile()).mode & 0o777).toBe(0o600);
    expect(lstatSync(data.dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(path.join(data.dir, "pglite"), { recursive: true });
    expect(files.length).toBeGreaterThan(100);
    expect(exposed(data.dir)).toEqual([]);
  }, 120_000);
});
