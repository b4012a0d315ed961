import "server-only";
/**
 * The cluster layer's background work, run by one process at a time across every console
 * process sharing the database (leader loop): event compaction every 5 minutes.
 */
import { compactAllClusters, retentionFromEnv } from "@/lib/server/cluster/compaction";
import type { LeaderLoop } from "@/lib/server/leader";
import { startLeaderLoop } from "@/lib/server/leader";
import type { Sql } from "@/lib/server/db/sql";

const COMPACTION_INTERVAL_MS = 5 * 60 * 1000;
/** Followers try for the leadership this often, so a dead leader's compaction resumes within seconds. */
const TAKEOVER_RETRY_MS = 10 * 1000;

/** Starts the background jobs on `sql`; stop them with the returned loop's `stop()` before closing it. */
export function startClusterBackgroundJobs(sql: Sql, onError?: (e: unknown) => void): LeaderLoop {
  const policy = retentionFromEnv();
  return startLeaderLoop("palisade:cluster-compaction", () => compactAllClusters(sql, new Date(), policy), {
    intervalMs: COMPACTION_INTERVAL_MS,
    retryMs: TAKEOVER_RETRY_MS,
    sql,
    ...(onError ? { onError } : {}),
  });
}
