/**
 * COPY's text format as written by copy-text.ts, checked against the database itself (PGlite):
 * times equal to what `to_timestamp(seconds)` stores in a TIMESTAMPTZ(3) column, fields that
 * come back exactly as sent, and NUL refused with the column's name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CopyValueError, copyField, copyTimestamp } from "@/lib/server/db/copy-text";
import type { TempDatabase } from "@/lib/server/db/testing/temp-database";
import { openTempPGlite } from "@/lib/server/db/testing/temp-database";

let db: TempDatabase;
beforeAll(async () => {
  db = await openTempPGlite();
}, 60_000);
afterAll(async () => db?.dispose());

describe("copyTimestamp", () => {
  it("stores the instant to_timestamp stores, whole or fractional seconds, ties included", async () => {
    const values = [0, 1, 1_700_000_000, 1_700_000_000.5, 1.0005, 1_700_000_000.0005, 1_700_000_000.123456, 1_700_000_000.9995, 946_684_799.9995, 0.0000005, 0.0000015, 253_402_300_799.999];
    for (const v of values) {
      const { rows } = await db.sql.query<{ a: string; b: string }>(
        `SELECT to_char(to_timestamp($1::float8)::timestamptz(3) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS a,
                to_char($2::timestamptz(3) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS b`,
        [v, copyTimestamp(v, "t")],
      );
      expect(rows[0]?.b, String(v)).toBe(rows[0]?.a);
    }
  });

  it("refuses times outside 1970..9999 naming the column", () => {
    expect(() => copyTimestamp(-1, "startTime")).toThrow(CopyValueError);
    expect(() => copyTimestamp(Number.NaN, "startTime")).toThrow(/startTime NaN is outside/);
    expect(() => copyTimestamp(253_402_300_800, "endTime")).toThrow(/endTime/);
  });
});

describe("copyField", () => {
  it("round-trips tabs, newlines, carriage returns, backslashes, \\N and NULL through COPY", async () => {
    const values = ["plain", "a\tb", "a\nb", "a\rb", "back\\slash", "\\N", "\\", "", "ünïcödé ✓", '"quoted"'];
    await db.sql.transaction(async (tx) => {
      await tx.query(`CREATE TEMPORARY TABLE copy_text_check (i int, v text) ON COMMIT DROP`);
      const text = [...values, null].map((v, i) => `${i}\t${copyField(v, "v")}\n`).join("");
      expect(await tx.copyFrom(`copy_text_check (i, v)`, text)).toBe(values.length + 1);
      const { rows } = await tx.query<{ v: string | null }>(`SELECT v FROM copy_text_check ORDER BY i`);
      expect(rows.map((r) => r.v)).toEqual([...values, null]);
    });
  });

  it("refuses NUL naming the column", () => {
    expect(() => copyField("a\u0000b", "host")).toThrow("host must not contain NUL (U+0000) characters");
  });
});
