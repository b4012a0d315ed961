import "server-only";
/**
 * The grouping fields of rollup group keys (migration 0111_flow_groups). A rollup group key is
 * md5 over the seventeen grouping fields (rollup.ts), so the fields of a key never change: they
 * are stored once per cluster and key in "FlowGroup" — filled from a range's rows the first time
 * a read meets the key, never at ingest — and kept parsed in this process in a bounded cache.
 * Holding the same key's fields in several processes is safe for the same reason.
 *
 * Why: the service graph of a day sums ~250,000 rollup rows into ~16,000 groups. Carrying the
 * fields through that grouping with min() cost about five times the sums, and sending them to
 * JavaScript (three JSON fields each) as much again; by key alone the grouping returns ten
 * numbers per group.
 */
import type { FlowLog } from "@/lib/flows";
import type { SqlQueryable } from "@/lib/server/db/sql";
import { rangeSource, ROLLUP_KEYS } from "@/lib/server/flows/rollup";
import { WhereBuilder } from "@/lib/server/flows/where";
import { toFlowLog } from "@/lib/server/flows/rows";

/** A group's fields as a synthetic FlowLog's (pod names '-', what rollups do not keep null), without times and counters. */
export type GroupFields = Pick<FlowLog, "source" | "dest" | "destService" | "destDomains" | "proto" | "action" | "reporter" | "policies">;

/** Most keys kept parsed (a day of a 200-node cluster's traffic holds ~16,000; ~0.5 kB each). */
const CACHE_LIMIT = 100_000;
const cache = new Map<string, GroupFields>();

const cacheKey = (clusterId: string, groupKey: string): string => `${clusterId}\u0000${groupKey}`;

function remember(clusterId: string, groupKey: string, fields: GroupFields): void {
  if (cache.size >= CACHE_LIMIT) {
    // Oldest first (insertion order): a dropped key is read again from "FlowGroup" when needed.
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(cacheKey(clusterId, groupKey), fields);
}

const NOT_KEPT = { sourceName: "-", destName: "-", transitPolicies: null, sourceLabels: null, destLabels: null, sourceIp: null, destIp: null, sourcePort: null, tcpStats: null };

/** Parsed once per key by rows.ts toFlowLog, as a raw grouping's row would be. */
function toFields(row: Readonly<Record<string, unknown>>): GroupFields {
  const f = toFlowLog({ ...row, ...NOT_KEPT });
  return { source: f.source, dest: f.dest, destService: f.destService, destDomains: f.destDomains, proto: f.proto, action: f.action, reporter: f.reporter, policies: f.policies };
}

const num = (v: unknown): number => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : typeof v === "string" ? Number(v) : 0);

/**
 * A group's synthetic FlowLog: its fields plus the grouped row's times and counters (the
 * columns of graph.ts's grouping), with toFlowLog's fields in toFlowLog's order (the parity
 * test compares them as JSON). The field objects are shared between the FlowLogs of every read
 * of the key: read-only, as lib/ treats its inputs.
 */
export function toGroupFlowLog(f: GroupFields, r: Readonly<Record<string, unknown>>): FlowLog {
  return {
    startTime: Math.floor(num(r.startTime)),
    endTime: Math.floor(num(r.endTime)),
    source: f.source,
    dest: f.dest,
    destService: f.destService,
    destDomains: f.destDomains,
    proto: f.proto,
    action: f.action,
    reporter: f.reporter,
    policies: f.policies,
    bytesIn: num(r.bytesIn),
    bytesOut: num(r.bytesOut),
    packetsIn: num(r.packetsIn),
    packetsOut: num(r.packetsOut),
    numFlows: num(r.numFlows),
    numFlowsStarted: num(r.numFlowsStarted),
    numFlowsCompleted: num(r.numFlowsCompleted),
  };
}

async function loadStored(tx: SqlQueryable, clusterId: string, keys: readonly string[]): Promise<void> {
  const { rows } = await tx.query(`SELECT "groupKey", ${ROLLUP_KEYS.map((k) => `"${k}"`).join(", ")} FROM "FlowGroup" WHERE "clusterId" = $1 AND "groupKey" = ANY($2::text[])`, [clusterId, keys]);
  for (const r of rows) remember(clusterId, String(r.groupKey), toFields(r));
}

/**
 * The fields of `keys` of a cluster: from this process's cache, else "FlowGroup", else added to
 * "FlowGroup" by `fill(missing)` (which must insert every key it is given that the range holds)
 * and read back. Throws when a key is still unknown after that, or on database errors.
 */
export async function groupFieldsOf(tx: SqlQueryable, clusterId: string, keys: readonly string[], fill: (missing: readonly string[]) => Promise<void>): Promise<Map<string, GroupFields>> {
  const out = new Map<string, GroupFields>();
  const lookup = (): string[] => {
    const missing: string[] = [];
    for (const k of keys) {
      if (out.has(k)) continue;
      const hit = cache.get(cacheKey(clusterId, k));
      if (hit === undefined) missing.push(k);
      else out.set(k, hit);
    }
    return missing;
  };
  let missing = lookup();
  if (missing.length > 0) {
    await loadStored(tx, clusterId, missing);
    missing = lookup();
  }
  if (missing.length > 0) {
    await fill(missing);
    await loadStored(tx, clusterId, missing);
    missing = lookup();
  }
  if (missing.length > 0) throw new Error(`flow groups without fields after filling them: ${missing.length}`);
  return out;
}

/** Forgets the cached fields (tests that delete clusters; a cluster id may be reused). */
export function clearGroupFieldsCache(): void {
  cache.clear();
}

/** Adds the grouping fields of `keys` to "FlowGroup", taken from the rows of [from, to). */
export async function addRangeGroups(tx: SqlQueryable, clusterId: string, from: number, to: number, keys: readonly string[]): Promise<void> {
  const w = new WhereBuilder();
  const wanted = w.param(keys);
  const source = rangeSource(w, clusterId, from, to, ["groupKey", ...ROLLUP_KEYS]);
  const cols = ROLLUP_KEYS.map((k) => `"${k}"`).join(", ");
  await tx.query(
    `INSERT INTO "FlowGroup" ("clusterId", "groupKey", ${cols})
     SELECT DISTINCT ON ("groupKey") ${w.param(clusterId)}, "groupKey", ${cols} FROM ${source} WHERE "groupKey" = ANY(${wanted}::text[])
     ON CONFLICT ("clusterId", "groupKey") DO NOTHING`,
    w.params,
  );
}
