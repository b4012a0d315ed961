/**
 * `mergeSetting` on a fresh database (PGlite, and PostgreSQL when one is available): a patch
 * merges into the stored JSON object, and concurrent merges of different fields (interleaving between their read and their write) all
 * survive — the compare-and-swap on `updatedAt` re-reads instead of overwriting.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import { openDatabase } from "@/lib/server/db/open";
import { findPostgres, startPostgres } from "@/lib/server/db/testing/postgres-server";
import { openTempPGlite } from "@/lib/server/db/testing/temp-database";
import { mergeSetting, readSetting } from "@/lib/server/repos/settings";

let db: Database;

function suite(name: string, open: () => Promise<{ readonly db: Database; readonly dispose: () => Promise<void> }>, skipReason?: string): void {
  describe.skipIf(skipReason !== undefined)(`Setting rows on ${name}${skipReason !== undefined ? ` (skipped: ${skipReason})` : ""}`, () => {
    let dispose: () => Promise<void> = async () => undefined;
    beforeAll(async () => {
      ({ db, dispose } = await open());
    }, 120_000);
    afterAll(async () => {
      await dispose();
    });
    it("reads nothing for a missing key, creates on the first merge, merges fields after", async () => {
      expect(await readSetting(db.prisma, "k")).toBeUndefined();
      await mergeSetting(db.prisma, "k", { a: 1, b: { x: true } });
      await mergeSetting(db.prisma, "k", { b: { y: false }, c: "z", skipped: undefined });
      expect(await readSetting(db.prisma, "k")).toEqual({ a: 1, b: { y: false }, c: "z" });
    });

    it("replaces a stored value that is not an object", async () => {
      await db.prisma.setting.create({ data: { key: "n", value: 7 } });
      await mergeSetting(db.prisma, "n", { a: 1 });
      expect(await readSetting(db.prisma, "n")).toEqual({ a: 1 });
    });

    it("loses no field when many merges of different fields run at once (also on a missing row)", async () => {
      const fields = Array.from({ length: 12 }, (_, i) => `f${i}`);
      await Promise.all(fields.map((f, i) => mergeSetting(db.prisma, "race", { [f]: i })));
      expect(await readSetting(db.prisma, "race")).toEqual(Object.fromEntries(fields.map((f, i) => [f, i])));
      const row = await db.prisma.setting.findUnique({ where: { key: "race" } });
      expect(row).not.toBeNull();
    });
  });
}

suite("PGlite", async () => {
  const t = await openTempPGlite();
  return { db: t, dispose: () => t.dispose() };
});

const pg = findPostgres();
suite(
  "PostgreSQL",
  async () => {
    const server = await startPostgres();
    const d = await openDatabase({ kind: "postgres", url: await server.createDatabase() });
    return {
      db: d,
      dispose: async () => {
        await d.close();
        await server.stop();
      },
    };
  },
  pg.available ? undefined : pg.reason,
);
