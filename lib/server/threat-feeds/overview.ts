import "server-only";
/**
 * The Threat feeds page's read: every GlobalThreatFeed with its stored sync state, its set, the
 * policy rules that select the set, and how many flows to or from the set were denied in the
 * last 24 hours. And "sync now", which records the request for the leader's puller.
 */
import type { GlobalNetworkSet, GlobalThreatFeed } from "@/lib/calico/types";
import type { ThreatFeedState, ThreatFeedsOverview, ThreatFeedSyncResponse, ThreatFeedView } from "@/lib/contracts/threat-feeds";
import { NotFoundError } from "@/lib/errors";
import { findNetworkSetReferences } from "@/lib/network-sets";
import { feedContent, hasFeedSet, isPulledFeed, pullPeriodSeconds, threatFeedSetName } from "@/lib/threat-feeds";
import { getPrisma, getSql } from "@/lib/server/db";
import { countDeniedFlowsBySet } from "@/lib/server/flows/reads";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { listAll } from "@/lib/server/policy/snapshot";
import type { ThreatFeedStateRow } from "@/lib/server/threat-feeds/store";
import { readFeedStates, requestFeedSync } from "@/lib/server/threat-feeds/store";

const POLICY_KINDS = ["NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy"] as const;
const DENIED_WINDOW_SECONDS = 24 * 3600;
const SAMPLE = 50;

function formatLabel(raw: unknown): string {
  if (typeof raw !== "object" || raw === null) return "newlineDelimited";
  if ("json" in raw) {
    const j = raw.json;
    return `json (${typeof j === "object" && j !== null && "path" in j ? String(j.path) : "?"})`;
  }
  if ("csv" in raw) {
    const c = raw.csv;
    const col = typeof c === "object" && c !== null ? ("fieldName" in c ? String(c.fieldName) : "fieldNum" in c ? `#${String(c.fieldNum)}` : "#0") : "#0";
    return `csv (column ${col})`;
  }
  return "newlineDelimited";
}

function stateOf(feed: GlobalThreatFeed, row: ThreatFeedStateRow | undefined): ThreatFeedState {
  if (feed.spec.mode === "Disabled") return "disabled";
  if (!isPulledFeed(feed)) return "push";
  if (row?.lastAttemptAt === undefined) return "pending";
  return row.errorConditions.length > 0 ? "error" : "ok";
}

/** Every GlobalThreatFeed of the cluster with its sync state, by name. */
export async function getThreatFeedsOverview(clusterId: string, now: number = Math.floor(Date.now() / 1000)): Promise<ThreatFeedsOverview> {
  const backend = await getClusterBackend(clusterId);
  const feeds = [...(await listAll(backend, "GlobalThreatFeed")).items].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const sets = new Map((await listAll(backend, "GlobalNetworkSet")).items.map((s) => [s.metadata.name, s] as const));
  const policies = (await Promise.all(POLICY_KINDS.map((k) => listAll(backend, k)))).flatMap((r) => r.items);
  const namespaces = new Map((await listAll(backend, "Namespace")).items.map((n) => [n.metadata.name, n.metadata.labels ?? {}] as const));
  const states = await readFeedStates(await getPrisma(), clusterId);
  const denied = await countDeniedFlowsBySet(await getSql(), clusterId, feeds.filter(hasFeedSet).map((f) => threatFeedSetName(f.metadata.name)), now - DENIED_WINDOW_SECONDS);

  const items = feeds.map((feed): ThreatFeedView => {
    const uid = feed.metadata.uid ?? feed.metadata.name;
    const stored = states.get(feed.metadata.name);
    const row = stored !== undefined && stored.feedUid === uid ? stored : undefined;
    const setName = hasFeedSet(feed) ? threatFeedSetName(feed.metadata.name) : undefined;
    const set: GlobalNetworkSet | undefined = setName !== undefined ? sets.get(setName) : undefined;
    // The set as it will be once pulled (labels only), so the policies that select it show before the first pull.
    const probe: GlobalNetworkSet = set ?? { kind: "GlobalNetworkSet", metadata: { name: setName ?? "", labels: feed.spec.globalNetworkSet?.labels ?? {} }, spec: {} };
    const period = pullPeriodSeconds(feed);
    const next = row?.lastAttemptAt !== undefined && isPulledFeed(feed) ? new Date(row.lastAttemptAt.getTime() + period * 1000).toISOString() : undefined;
    return {
      name: feed.metadata.name,
      uid,
      resourceVersion: feed.metadata.resourceVersion ?? "",
      ...(feed.spec.description !== undefined ? { description: feed.spec.description } : {}),
      content: feedContent(feed),
      mode: feed.spec.mode === "Disabled" ? "Disabled" : "Enabled",
      ...(feed.spec.pull?.http.url !== undefined ? { url: feed.spec.pull.http.url } : {}),
      period: feed.spec.pull?.period ?? "24h",
      format: formatLabel(feed.spec.pull?.http.format),
      labels: feed.spec.globalNetworkSet?.labels ?? {},
      state: stateOf(feed, row),
      ...(setName !== undefined ? { setName } : {}),
      setExists: set !== undefined,
      entryCount: row?.entryCount ?? 0,
      skippedCount: row?.skippedCount ?? 0,
      sampleEntries: (row?.entries ?? []).slice(0, SAMPLE),
      ...(row?.lastSuccessfulSync !== undefined ? { lastSuccessfulSync: row.lastSuccessfulSync.toISOString() } : {}),
      ...(row?.lastAttemptAt !== undefined ? { lastAttemptAt: row.lastAttemptAt.toISOString() } : {}),
      ...(next !== undefined ? { nextSyncAt: next } : {}),
      syncRequested: row?.syncRequestedAt !== undefined && (row.lastAttemptAt === undefined || row.syncRequestedAt > row.lastAttemptAt),
      errorConditions: row?.errorConditions ?? [],
      policies: setName === undefined ? [] : findNetworkSetReferences(probe, policies, namespaces),
      deniedFlows: setName !== undefined ? (denied.get(setName) ?? 0) : 0,
    };
  });
  return { items };
}

/** Records "sync now" for a feed. Throws NotFoundError for an unknown feed. */
export async function requestThreatFeedSync(clusterId: string, name: string, at: Date = new Date()): Promise<ThreatFeedSyncResponse> {
  const backend = await getClusterBackend(clusterId);
  let feed: GlobalThreatFeed;
  try {
    feed = await backend.get("GlobalThreatFeed", name);
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError(`GlobalThreatFeed "${name}" not found in cluster "${clusterId}"`);
    throw e;
  }
  await requestFeedSync(await getPrisma(), clusterId, name, feed.metadata.uid ?? name, at);
  return { name, requestedAt: at.toISOString() };
}
