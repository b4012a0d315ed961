/**
 * The hand-written migrations must create exactly what prisma/schema.prisma declares (Prisma
 * Client trusts the schema; nothing else checks it): every model's table, every scalar field's
 * column with its type, nullability and precision, primary keys, unique and plain indexes,
 * foreign keys with their delete rule, and database defaults. No table or column may exist that
 * the schema does not know. Checked on a fresh PGlite and on a fresh real PostgreSQL.
 */
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_TABLE } from "@/lib/server/db/migrate";
import { openPgSql } from "@/lib/server/db/pg-sql";
import { openPGliteSql } from "@/lib/server/db/pglite-sql";
import type { Sql } from "@/lib/server/db/sql";
import type { PrismaModel } from "@/lib/server/db/testing/prisma-schema";
import { expectedDataType, isColumn, parsePrismaSchema } from "@/lib/server/db/testing/prisma-schema";
import type { PostgresServer } from "@/lib/server/db/testing/postgres-server";
import { findPostgres, startPostgres } from "@/lib/server/db/testing/postgres-server";

const models = parsePrismaSchema(readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8"));

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: "YES" | "NO";
  datetime_precision: number | null;
  column_default: string | null;
}
interface IndexRow {
  table: string;
  unique: boolean;
  primary: boolean;
  columns: string[];
}
interface ForeignKeyRow {
  table: string;
  ref: string;
  columns: string[];
  ref_columns: string[];
  on_delete: string;
}

const ON_DELETE: Readonly<Record<string, string>> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };

async function introspect(sql: Sql): Promise<{ columns: readonly ColumnRow[]; indexes: readonly IndexRow[]; fks: readonly ForeignKeyRow[]; tables: readonly string[] }> {
  const columns = (
    await sql.query<ColumnRow>(
      `SELECT table_name, column_name, data_type, is_nullable, datetime_precision, column_default
         FROM information_schema.columns WHERE table_schema = 'public'`,
    )
  ).rows.map((r) => ({ ...r, datetime_precision: r.datetime_precision === null ? null : Number(r.datetime_precision) }));
  const indexes = (
    await sql.query<IndexRow>(
      `SELECT t.relname::text AS "table", ix.indisunique AS "unique", ix.indisprimary AS "primary",
              array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        GROUP BY ix.indexrelid, t.relname, ix.indisunique, ix.indisprimary`,
    )
  ).rows;
  const fks = (
    await sql.query<ForeignKeyRow>(
      `SELECT t.relname::text AS "table", r.relname::text AS ref, c.confdeltype::text AS on_delete,
              (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
              (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS ref_columns
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_class r ON r.oid = c.confrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
        WHERE c.contype = 'f'`,
    )
  ).rows;
  // The daily partitions of FlowLog and DnsLog (0100_flow_partitions) are storage of their
  // model's table, not tables of their own: left out here (their parent is checked as the model).
  const tables = (
    await sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
          AND table_name NOT IN (SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public' WHERE c.relispartition)`,
    )
  ).rows.map((r) => r.table_name);
  return { columns, indexes, fks, tables };
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function conformanceSuite(open: () => Promise<Sql>): void {
  let sql: Sql;
  let db: Awaited<ReturnType<typeof introspect>>;
  beforeAll(async () => {
    sql = await open();
    await migrate(sql);
    db = await introspect(sql);
  }, 60_000);
  afterAll(async () => sql?.close());

  it("has a table for every model and no table the schema does not know", () => {
    expect([...db.tables].sort()).toEqual([...models.map((m) => m.name), MIGRATIONS_TABLE].sort());
  });

  describe.each(models.map((m) => [m.name, m] as const))("model %s", (_name, model: PrismaModel) => {
    it("has exactly the schema's columns, with the right type, nullability and precision", () => {
      const cols = db.columns.filter((c) => c.table_name === model.name);
      const fields = model.fields.filter(isColumn);
      expect(cols.map((c) => c.column_name).sort()).toEqual(fields.map((f) => f.name).sort());
      for (const f of fields) {
        const c = cols.find((x) => x.column_name === f.name);
        expect({ field: f.name, type: c?.data_type, nullable: c?.is_nullable }).toEqual({ field: f.name, type: expectedDataType(f), nullable: f.optional ? "YES" : "NO" });
        const precision = /^Timestamptz\((\d+)\)$/.exec(f.nativeType ?? "")?.[1];
        if (precision !== undefined) expect({ field: f.name, precision: c?.datetime_precision }).toEqual({ field: f.name, precision: Number(precision) });
      }
    });

    it("has database defaults where the schema declares database-side ones", () => {
      for (const f of model.fields.filter(isColumn)) {
        const c = db.columns.find((x) => x.table_name === model.name && x.column_name === f.name);
        // uuid()/cuid() defaults are generated by Prisma Client, not the database.
        const dbSide = f.default !== undefined && !/^(uuid|cuid|nanoid)\(/.test(f.default);
        expect({ field: f.name, hasDefault: c?.column_default != null }).toEqual({ field: f.name, hasDefault: dbSide });
        if (f.default === "autoincrement()") expect(c?.column_default).toMatch(/^nextval\(/);
        if (f.default === "now()") expect(c?.column_default).toMatch(/CURRENT_TIMESTAMP|now\(\)/i);
      }
    });

    it("has the primary key, unique indexes and indexes the schema declares, and no others", () => {
      const idx = db.indexes.filter((i) => i.table === model.name);
      const primary = idx.filter((i) => i.primary);
      expect(primary.map((i) => i.columns)).toEqual([model.id]);
      const uniques = idx.filter((i) => i.unique && !i.primary).map((i) => i.columns);
      const plain = idx.filter((i) => !i.unique).map((i) => i.columns);
      const key = (cols: readonly string[]): string => cols.join(",");
      expect(uniques.map(key).sort()).toEqual(model.uniques.map(key).sort());
      expect(plain.map(key).sort()).toEqual(model.indexes.map(key).sort());
    });

    it("has a foreign key for every relation, with its delete rule", () => {
      const relations = model.fields.filter((f) => f.relation);
      const fks = db.fks.filter((f) => f.table === model.name);
      expect(fks).toHaveLength(relations.length);
      for (const f of relations) {
        const rel = f.relation!;
        const fk = fks.find((x) => x.ref === f.type && same(x.columns, rel.fields));
        expect(fk, `foreign key ${model.name}.${rel.fields.join(",")} → ${f.type}`).toBeDefined();
        expect(fk?.ref_columns).toEqual(rel.references);
        expect(ON_DELETE[fk?.on_delete ?? ""]).toBe(rel.onDelete ?? (f.optional ? "SetNull" : "Restrict"));
      }
    });
  });
}

describe("schema conformance on PGlite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-conf-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  conformanceSuite(() => openPGliteSql(path.join(dir, "pglite")));
});

const pg = findPostgres();

describe.skipIf(!pg.available)(`schema conformance on PostgreSQL${pg.available ? "" : ` (skipped: ${pg.reason})`}`, () => {
  let server: PostgresServer | undefined;
  afterAll(async () => server?.stop());
  conformanceSuite(async () => {
    server = await startPostgres();
    return openPgSql(await server.createDatabase());
  });
});

describe("the schema parser", () => {
  it("reads every model of the schema", () => {
    expect(models.map((m) => m.name)).toEqual(["Cluster", "ClusterRevision", "ClusterObject", "ObjectEvent", "User", "Session", "Setting", "ApiToken", "FlowLog", "DnsLog", "SavedView", "AlertState", "AlertEvent", "LoginThrottle", "AuthEvent", "OidcLogin", "FlowRollup", "FlowDayRollup", "FlowGroup", "FlowTupleHour", "FlowTupleHourState", "ThreatFeedState", "AlertDelivery", "GraphPositions"]);
    const obj = models.find((m) => m.name === "ClusterObject");
    expect(obj?.uniques).toEqual([["clusterId", "kind", "namespace", "name"]]);
    expect(obj?.fields.find((f) => f.name === "uid")?.nativeType).toBe("Uuid");
  });
});
