/**
 * `mergeSetting` on a fresh PGlite database: a patch merges into the stored JSON object, and
 * concurrent merges of different fields (interleaving between their read and their write) all
 * survive — the compare-and-swap on `updatedAt` re-reads instead of overwriting.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TempDatabase } from "@/lib/server/db/testing/temp-database";
import { openTempPGlite } from "@/lib/server/db/testing/temp-database";
import { mergeSetting, readSetting } from "@/lib/server/repos/settings";

let db: TempDatabase;

beforeAll(async () => {
  db = await openTempPGlite();
}, 60_000);

afterAll(async () => {
  await db.dispose();
});

describe("Setting rows", () => {
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
