import "server-only";
/**
 * The 0030_threat_feeds table: what the sync remembers of each GlobalThreatFeed of a cluster.
 * Prisma Client; rows become plain values here; nothing else sees them.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { PRISMA_TX_OPTIONS } from "@/lib/server/db/transactions";

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
export async function readFeedStates(prisma: PrismaClient, clusterId: string): Promise<ReadonlyMap<string, ThreatFeedStateRow>> {
  const rows = await prisma.threatFeedState.findMany({ where: { clusterId } });
  const out = new Map<string, ThreatFeedStateRow>();
  for (const r of rows) {
    out.set(r.feedName, {
      feedName: r.feedName,
      feedUid: r.feedUid,
      specKey: r.specKey,
      lastAttemptAt: r.lastAttemptAt ?? undefined,
      lastSuccessfulSync: r.lastSuccessfulSync ?? undefined,
      syncRequestedAt: r.syncRequestedAt ?? undefined,
      entryCount: r.entryCount,
      skippedCount: r.skippedCount,
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
 * content, as Calico's puller does) and records the error conditions. A new feed uid (the feed
 * was deleted and re-created) starts over, its pending "sync now" included. One transaction;
 * a concurrent "sync now" only touches syncRequestedAt, which this leaves alone for the same uid.
 */
export async function recordPull(prisma: PrismaClient, clusterId: string, p: PullRecord): Promise<void> {
  const ok = p.success;
  const attempt = { specKey: p.specKey, lastAttemptAt: p.at, errorConditions: p.errorConditions.map((c) => ({ type: c.type, message: c.message })) };
  const content = {
    lastSuccessfulSync: ok !== undefined ? p.at : null,
    entryCount: ok?.entries.length ?? 0,
    skippedCount: ok?.skipped ?? 0,
    entries: [...(ok?.entries ?? [])],
  };
  await prisma.$transaction(async (tx) => {
    // Each step is one statement whose WHERE decides (a "sync now" may create the row meanwhile):
    // insert when there is none; else update the row of the same feed uid; else start it over.
    const created = await tx.threatFeedState.createMany({ data: [{ clusterId, feedName: p.feedName, feedUid: p.feedUid, ...attempt, ...content }], skipDuplicates: true });
    if (created.count === 1) return;
    const same = await tx.threatFeedState.updateMany({ where: { clusterId, feedName: p.feedName, feedUid: p.feedUid }, data: { ...attempt, ...(ok !== undefined ? content : {}) } });
    if (same.count === 1) return;
    await tx.threatFeedState.updateMany({ where: { clusterId, feedName: p.feedName }, data: { ...attempt, ...content, feedUid: p.feedUid, syncRequestedAt: null } });
  }, PRISMA_TX_OPTIONS);
}

/** Records a user's "sync now"; the leader pulls the feed on its next tick. */
export async function requestFeedSync(prisma: PrismaClient, clusterId: string, feedName: string, feedUid: string, at: Date): Promise<void> {
  // Insert, or (the row exists) set the request; a pull recording meanwhile never collides with it.
  const created = await prisma.threatFeedState.createMany({ data: [{ clusterId, feedName, feedUid, syncRequestedAt: at }], skipDuplicates: true });
  if (created.count === 0) await prisma.threatFeedState.updateMany({ where: { clusterId, feedName }, data: { syncRequestedAt: at } });
}

/** Forgets feeds that no longer exist. */
export async function forgetFeeds(prisma: PrismaClient, clusterId: string, keep: readonly string[]): Promise<void> {
  await prisma.threatFeedState.deleteMany({ where: { clusterId, feedName: { notIn: [...keep] } } });
}
