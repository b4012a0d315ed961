/**
 * The GlobalThreatFeed model: what a feed pulls, when, and what it writes.
 *
 *  - The set an enabled feed with `spec.globalNetworkSet` fills is the GlobalNetworkSet
 *    `threatfeed.<feed name>` (Calico Enterprise's name), labelled with
 *    `spec.globalNetworkSet.labels`, holding `nets` (IPSet) or `allowedEgressDomains`
 *    (DomainNameSet; a Palisade extension: Calico Enterprise only matches domain feeds against DNS
 *    logs, Palisade also lets DNS policy select them). The set carries the annotation
 *    `palisade.dev/threat-feed` naming its feed: only such sets are ever changed or removed by
 *    the sync, so a user's own set of the same name is left alone.
 *  - A feed is pulled every `spec.pull.period` (default 24h, at least 1 minute), and at once when
 *    it is new, its spec changed (compared by content, not `metadata.generation`, so the sync's
 *    own status writes never retrigger it), or a user asked for a sync.
 *  - `mode: Disabled` pulls nothing and removes the set; a feed without `spec.pull` is a push
 *    feed Palisade does not fill.
 * Pure; never throws.
 */
import type { GlobalNetworkSet, GlobalThreatFeed } from "@/lib/calico/types";
import { parseGoDuration } from "@/lib/calico/k8s-names";
import type { FeedContent } from "@/lib/threat-feeds/parse";

export const THREAT_FEED_ANNOTATION = "palisade.dev/threat-feed";
export const DEFAULT_PULL_PERIOD_SECONDS = 24 * 3600;
/** Shortest period honoured: a typo like `period: 1s` must not hammer the feed's server. */
export const MIN_PULL_PERIOD_SECONDS = 60;

/** The GlobalNetworkSet name a feed fills. */
export function threatFeedSetName(feedName: string): string {
  return `threatfeed.${feedName}`;
}

export function feedContent(feed: GlobalThreatFeed): FeedContent {
  return feed.spec.content === "DomainNameSet" ? "DomainNameSet" : "IPSet";
}

/** Whether the sync pulls this feed (enabled, with a pull URL). */
export function isPulledFeed(feed: GlobalThreatFeed): boolean {
  return feed.spec.mode !== "Disabled" && feed.spec.pull?.http.url !== undefined && feed.spec.pull.http.url !== "";
}

/** Whether the feed keeps a GlobalNetworkSet. */
export function hasFeedSet(feed: GlobalThreatFeed): boolean {
  return isPulledFeed(feed) && feed.spec.globalNetworkSet !== undefined;
}

/** The pull period in seconds (default 24h; bad or too short values fall back as the comment says). */
export function pullPeriodSeconds(feed: GlobalThreatFeed): number {
  const text = feed.spec.pull?.period;
  if (text === undefined || text === "") return DEFAULT_PULL_PERIOD_SECONDS;
  const s = parseGoDuration(text);
  if (s === undefined || s <= 0) return DEFAULT_PULL_PERIOD_SECONDS;
  return Math.max(MIN_PULL_PERIOD_SECONDS, s);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (typeof v === "object" && v !== null) {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

/** A key that changes exactly when the feed's spec does (key order does not matter). */
export function feedSpecKey(feed: GlobalThreatFeed): string {
  return canonical(feed.spec);
}

/** What the sync remembers of a feed between pulls. */
export interface FeedSyncMemory {
  readonly feedUid: string;
  /** feedSpecKey of the spec last pulled. */
  readonly specKey: string;
  readonly lastAttemptAt: number | undefined;
  readonly syncRequestedAt: number | undefined;
}

/**
 * Whether a pull is due at `now` (ms): never pulled (or pulled for another uid / generation), a
 * sync requested after the last attempt, or the period passed since the last attempt (a failed
 * pull waits a period too, like Calico's puller, unless a user asks again).
 */
export function isFeedDue(feed: GlobalThreatFeed, memory: FeedSyncMemory | undefined, now: number): boolean {
  if (!isPulledFeed(feed)) return false;
  if (memory === undefined || memory.lastAttemptAt === undefined) return true;
  if (memory.feedUid !== (feed.metadata.uid ?? feed.metadata.name)) return true;
  if (memory.specKey !== feedSpecKey(feed)) return true;
  if (memory.syncRequestedAt !== undefined && memory.syncRequestedAt > memory.lastAttemptAt) return true;
  return now - memory.lastAttemptAt >= pullPeriodSeconds(feed) * 1000;
}

/** The set a feed's entries become. */
export function buildFeedSet(feed: GlobalThreatFeed, entries: readonly string[]): GlobalNetworkSet {
  const labels = feed.spec.globalNetworkSet?.labels ?? {};
  return {
    kind: "GlobalNetworkSet",
    metadata: { name: threatFeedSetName(feed.metadata.name), labels: { ...labels }, annotations: { [THREAT_FEED_ANNOTATION]: feed.metadata.name } },
    spec: feedContent(feed) === "IPSet" ? { nets: [...entries] } : { allowedEgressDomains: [...entries] },
  };
}

/** Whether a GlobalNetworkSet was written by the feed sync (and for which feed). */
export function feedOfSet(set: GlobalNetworkSet): string | undefined {
  return set.metadata.annotations?.[THREAT_FEED_ANNOTATION];
}

/** Whether the stored set already holds what `wanted` holds (labels and entries). */
export function isSameFeedSet(stored: GlobalNetworkSet, wanted: GlobalNetworkSet): boolean {
  const eq = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  const labels = (s: GlobalNetworkSet): string => JSON.stringify(Object.entries(s.metadata.labels ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  return labels(stored) === labels(wanted) && eq(stored.spec.nets, wanted.spec.nets) && eq(stored.spec.allowedEgressDomains, wanted.spec.allowedEgressDomains);
}
