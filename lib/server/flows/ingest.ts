import "server-only";
/**
 * Ingestion: a batch of flow (or DNS) records goes into the database in ONE transaction with
 * `INSERT ... SELECT FROM unnest(...) ON CONFLICT (clusterId, idempotencyKey) DO NOTHING`.
 *
 * - Acknowledgement after commit: the function resolves only once COMMIT has returned, so a
 *   caller that acknowledges on resolution never acknowledges a record a crash could lose
 *   (PostgreSQL with synchronous_commit on; PGlite writes its WAL before COMMIT returns).
 * - Idempotent: a retried batch (or a record repeated inside one) maps onto the rows already
 *   written; the count of those is reported as `duplicates`.
 * - One statement per chunk of CHUNK rows, each column sent as one array parameter, so the
 *   statement stays far below PostgreSQL's 32,767 bind-parameter limit whatever the batch size.
 */
import type { DnsLog, FlowLog } from "@/lib/flows";
import type { Sql, SqlQueryable } from "@/lib/server/db/sql";
import { DNS_INSERT_COLUMNS, FLOW_INSERT_COLUMNS, dnsInsertValues, flowInsertValues } from "@/lib/server/flows/rows";

/** Rows per INSERT statement (all chunks of one call share one transaction). */
const CHUNK = 5000;

/** The outcome of one ingestion call, true once the transaction has committed. */
export interface IngestOutcome {
  /** Records stored by this call. */
  readonly accepted: number;
  /** Records already stored (a retried batch, or repeated inside the batch). */
  readonly duplicates: number;
}

type ColumnSpec = readonly (readonly [string, string])[];

function insertStatement(table: string, columns: ColumnSpec): string {
  const names = columns.map(([c]) => `"${c}"`).join(", ");
  const params = columns.map(([, t], i) => `$${i + 2}::${t === "jsonb" ? "text" : t}[]`).join(", ");
  const aliases = columns.map((_, i) => `c${i}`);
  const select = columns
    .map(([, t], i) => (t === "jsonb" ? `c${i}::jsonb` : t === "float8" ? `to_timestamp(c${i})` : `c${i}`))
    .join(", ");
  return `INSERT INTO "${table}" ("clusterId", ${names})
    SELECT $1, ${select} FROM unnest(${params}) AS t(${aliases.join(", ")})
    ON CONFLICT ("clusterId", "idempotencyKey") DO NOTHING`;
}

const FLOW_INSERT = insertStatement("FlowLog", FLOW_INSERT_COLUMNS);
const DNS_INSERT = insertStatement("DnsLog", DNS_INSERT_COLUMNS);

/** Transposes rows into one array per column. */
function toColumns(rows: readonly (readonly unknown[])[], width: number): unknown[][] {
  const cols: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => {
    for (let c = 0; c < width; c++) (cols[c] as unknown[])[r] = row[c];
  });
  return cols;
}

async function insertChunks(tx: SqlQueryable, statement: string, width: number, clusterId: string, rows: readonly (readonly unknown[])[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const res = await tx.query(statement, [clusterId, ...toColumns(chunk, width)]);
    inserted += res.rowCount;
  }
  return inserted;
}

/**
 * Stores flow records for a cluster (which must exist: the foreign key refuses others), all or
 * nothing. Resolves after COMMIT; throws the database error otherwise (nothing stored).
 */
export async function ingestFlowLogs(sql: Sql, clusterId: string, records: readonly FlowLog[], dns: readonly DnsLog[] = []): Promise<IngestOutcome> {
  if (records.length === 0 && dns.length === 0) return { accepted: 0, duplicates: 0 };
  const flowRows = records.map(flowInsertValues);
  const dnsRows = dns.map(dnsInsertValues);
  const accepted = await sql.transaction(async (tx) => {
    const flows = await insertChunks(tx, FLOW_INSERT, FLOW_INSERT_COLUMNS.length, clusterId, flowRows);
    if (dnsRows.length > 0) await insertChunks(tx, DNS_INSERT, DNS_INSERT_COLUMNS.length, clusterId, dnsRows);
    return flows;
  });
  return { accepted, duplicates: records.length - accepted };
}

/** Stores DNS records for a cluster in one transaction. Same guarantees as ingestFlowLogs. */
export async function ingestDnsLogs(sql: Sql, clusterId: string, records: readonly DnsLog[]): Promise<IngestOutcome> {
  if (records.length === 0) return { accepted: 0, duplicates: 0 };
  const accepted = await sql.transaction((tx) => insertChunks(tx, DNS_INSERT, DNS_INSERT_COLUMNS.length, clusterId, records.map(dnsInsertValues)));
  return { accepted, duplicates: records.length - accepted };
}
