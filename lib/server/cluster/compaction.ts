import "server-only";
/**
 * Event retention. ObjectEvent is both the watch log and the audit log, with two horizons:
 *
 * - the watch window (default 1 hour): `ClusterRevision.compacted` moves up to the newest event
 *   older than the window. Watches and continue tokens from before it answer 410 Gone, like
 *   Kubernetes after an etcd compaction; clients relist. The rows stay, as audit history.
 * - audit retention (default 90 days, never shorter than the watch window): rows older than it
 *   are deleted, and only rows at or below the watch horizon.
 *
 * So audit history is kept much longer than watch history, in the same rows; a watch never sees
 * a hole because the horizon always moves before any row is deleted.
 */
import { EMBEDDED_CLUSTER_ID } from "@/lib/cluster/clusters";
import type { Sql } from "@/lib/server/db/sql";
import { toBigInt } from "@/lib/server/db/sql";

export interface RetentionPolicy {
  readonly watchWindowMs: number;
  readonly auditRetentionMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { watchWindowMs: 60 * 60 * 1000, auditRetentionMs: 90 * 24 * 60 * 60 * 1000 };

/** Reads PALISADE_WATCH_WINDOW_SECONDS and PALISADE_AUDIT_RETENTION_DAYS (positive numbers), else the defaults. */
export function retentionFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): RetentionPolicy {
  const num = (v: string | undefined): number | undefined => {
    const n = v === undefined ? NaN : Number(v);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const watch = num(env.PALISADE_WATCH_WINDOW_SECONDS);
  const audit = num(env.PALISADE_AUDIT_RETENTION_DAYS);
  return {
    watchWindowMs: watch !== undefined ? watch * 1000 : DEFAULT_RETENTION.watchWindowMs,
    auditRetentionMs: audit !== undefined ? audit * 24 * 60 * 60 * 1000 : DEFAULT_RETENTION.auditRetentionMs,
  };
}

export interface CompactionResult {
  /** The watch horizon after compaction. */
  readonly compacted: string;
  /** Event rows deleted by audit retention. */
  readonly deleted: number;
}

/**
 * Compacts one cluster's events as of `now` (see the module comment). Idempotent; the horizon
 * never moves back. Runs in one transaction holding the cluster's revision lock.
 */
export async function compactClusterEvents(sql: Sql, clusterId: string, now: Date, policy: RetentionPolicy = DEFAULT_RETENTION): Promise<CompactionResult> {
  const watchCutoff = new Date(now.getTime() - policy.watchWindowMs);
  const auditCutoff = new Date(now.getTime() - Math.max(policy.auditRetentionMs, policy.watchWindowMs));
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query<{ compacted: unknown }>(
      `UPDATE "ClusterRevision" r
          SET "compacted" = GREATEST(r."compacted", COALESCE(
                (SELECT MAX(e."resourceVersion") FROM "ObjectEvent" e WHERE e."clusterId" = r."clusterId" AND e."at" < $2), 0))
        WHERE r."clusterId" = $1
    RETURNING r."compacted"`,
      [clusterId, watchCutoff],
    );
    const compacted = rows[0] ? toBigInt(rows[0].compacted) : 0n;
    const del = await tx.query(`DELETE FROM "ObjectEvent" WHERE "clusterId" = $1 AND "at" < $2 AND "resourceVersion" <= $3`, [clusterId, auditCutoff, compacted.toString()]);
    return { compacted: compacted.toString(), deleted: del.rowCount };
  });
}

/** Compacts every embedded cluster. */
export async function compactAllClusters(sql: Sql, now: Date = new Date(), policy: RetentionPolicy = DEFAULT_RETENTION): Promise<void> {
  const { rows } = await sql.query<{ id: string }>(`SELECT id FROM "Cluster" WHERE kind = 'embedded' ORDER BY (id = $1) DESC, id`, [EMBEDDED_CLUSTER_ID]);
  for (const { id } of rows) await compactClusterEvents(sql, id, now, policy);
}
