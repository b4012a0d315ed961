import "server-only";
/**
 * The 0030_threat_feeds table: what the sync remembers of each GlobalThreatFeed of a cluster.
 * Rows become plain values here; nothing else sees them.
 */
import type { SqlQueryable } from "@/lib/server/db/sql";

export interface FeedErrorCondition {
  readonly type: string;
  readonly message: string;
}

/** One ThreatFeedState row. */
export interface ThreatFeedStateRow {
  readonly feedName: string;
  readonly feedUid: string;
  readonly specKey: string;
  readonly lastAttemptAt: Date | undefined;
  readonly lastSuccessfulSync: Date | undefined;
  readonly syncRequestedAt: Date | undefined;
  readonly entryCount: number;
  readonly skippedCount: number;
  readonly entries: readonly string[];
  readonly errorConditions: readonly FeedErrorCondition[];
}

const toDate = (v: unknown): Date | undefined => (v instanceof Date ? v : typeof v === "string" || typeof v === "number" ? new Date(v) : undefined);

function toJson(v: unknown): unknown {
  // PGlite returns JSONB parsed; pg may return text for some drivers' settings.
  if (typeof v === "string") {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return undefined;
    }
  }
  return v;
}

function toStrings(v: unknown): string[] {
  const j = toJson(v);
  return Array.isArray(j) ? j.filter((x): x is string => typeof x === "string") : [];
}

function toConditions(v: unknown): FeedErrorCondition[] {
  const j = toJson(v);
  if (!Array.isArray(j)) return [];
  const out: FeedErrorCondition[] = [];
  for (const c of j) {
    if (typeof c === "object" && c !== null && "type" in c && "message" in c) out.push({ type: String(c.type), message: String(c.message) });
  }
  return out;
}

/** Every state row of a cluster, by feed name. */
export async function readFeedStates(sql: SqlQueryable, clusterId: string): Promise<ReadonlyMap<string, ThreatFeedStateRow>> {
  const { rows } = await sql.query(`SELECT * FROM "ThreatFeedState" WHERE "clusterId" = $1`, [clusterId]);
  const out = new Map<string, ThreatFeedStateRow>();
  for (const r of rows) {
    out.set(String(r.feedName), {
      feedName: String(r.feedName),
      feedUid: String(r.feedUid),
      specKey: String(r.specKey ?? ""),
      lastAttemptAt: toDate(r.lastAttemptAt),
      lastSuccessfulSync: toDate(r.lastSuccessfulSync),
      syncRequestedAt: toDate(r.syncRequestedAt),
      entryCount: Number(r.entryCount),
      skippedCount: Number(r.skippedCount),
      entries: toStrings(r.entries),
      errorConditions: toConditions(r.errorConditions),
    });
  }
  return out;
}

/** The outcome of one pull. */
export interface PullRecord {
  readonly feedName: string;
  readonly feedUid: string;
  readonly specKey: string;
  readonly at: Date;
  /** Present when the pull succeeded: the entries now in the set. */
  readonly success?: { readonly entries: readonly string[]; readonly skipped: number };
  readonly errorConditions: readonly FeedErrorCondition[];
}

/**
 * Records a pull. A success replaces the entries and lastSuccessfulSync; a failure keeps the
 * previous entries and lastSuccessfulSync of the same feed uid (the set keeps its last good
 * content, as Calico's puller does) and records the error conditions.
 */
export async function recordPull(sql: SqlQueryable, clusterId: string, p: PullRecord): Promise<void> {
  const ok = p.success;
  await sql.query(
    `INSERT INTO "ThreatFeedState" ("clusterId", "feedName", "feedUid", "specKey", "lastAttemptAt", "lastSuccessfulSync", "entryCount", "skippedCount", "entries", "errorConditions")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)
     ON CONFLICT ("clusterId", "feedName") DO UPDATE SET
       "specKey" = EXCLUDED."specKey", "lastAttemptAt" = EXCLUDED."lastAttemptAt", "errorConditions" = EXCLUDED."errorConditions",
       "lastSuccessfulSync" = CASE WHEN $11 OR "ThreatFeedState"."feedUid" <> EXCLUDED."feedUid" THEN EXCLUDED."lastSuccessfulSync" ELSE "ThreatFeedState"."lastSuccessfulSync" END,
       "entryCount" = CASE WHEN $11 OR "ThreatFeedState"."feedUid" <> EXCLUDED."feedUid" THEN EXCLUDED."entryCount" ELSE "ThreatFeedState"."entryCount" END,
       "skippedCount" = CASE WHEN $11 OR "ThreatFeedState"."feedUid" <> EXCLUDED."feedUid" THEN EXCLUDED."skippedCount" ELSE "ThreatFeedState"."skippedCount" END,
       "entries" = CASE WHEN $11 OR "ThreatFeedState"."feedUid" <> EXCLUDED."feedUid" THEN EXCLUDED."entries" ELSE "ThreatFeedState"."entries" END,
       "syncRequestedAt" = CASE WHEN "ThreatFeedState"."feedUid" <> EXCLUDED."feedUid" THEN NULL ELSE "ThreatFeedState"."syncRequestedAt" END,
       "feedUid" = EXCLUDED."feedUid"`,
    [
      clusterId,
      p.feedName,
      p.feedUid,
      p.specKey,
      p.at.toISOString(),
      ok !== undefined ? p.at.toISOString() : null,
      ok?.entries.length ?? 0,
      ok?.skipped ?? 0,
      JSON.stringify(ok?.entries ?? []),
      JSON.stringify(p.errorConditions),
      ok !== undefined,
    ],
  );
}

/** Records a user's "sync now"; the leader pulls the feed on its next tick. */
export async function requestFeedSync(sql: SqlQueryable, clusterId: string, feedName: string, feedUid: string, at: Date): Promise<void> {
  await sql.query(
    `INSERT INTO "ThreatFeedState" ("clusterId", "feedName", "feedUid", "syncRequestedAt") VALUES ($1, $2, $3, $4)
     ON CONFLICT ("clusterId", "feedName") DO UPDATE SET "syncRequestedAt" = EXCLUDED."syncRequestedAt"`,
    [clusterId, feedName, feedUid, at.toISOString()],
  );
}

/** Forgets feeds that no longer exist. */
export async function forgetFeeds(sql: SqlQueryable, clusterId: string, keep: readonly string[]): Promise<void> {
  await sql.query(`DELETE FROM "ThreatFeedState" WHERE "clusterId" = $1 AND NOT ("feedName" = ANY($2::text[]))`, [clusterId, keep]);
}
