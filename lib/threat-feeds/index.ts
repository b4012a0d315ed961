/** Public API of the threat-feed model: formats, entries, the set a feed fills, scheduling. */
export type { FeedContent, FeedFormat, FormatError, NormalisedEntries } from "@/lib/threat-feeds/parse";
export { compileJsonPath, extractFeedEntries, normaliseEntries, parseFeedFormat, splitCsvRecord } from "@/lib/threat-feeds/parse";
export type { FeedSyncMemory } from "@/lib/threat-feeds/feed";
export {
  buildFeedSet,
  DEFAULT_PULL_PERIOD_SECONDS,
  feedContent,
  feedOfSet,
  feedSpecKey,
  hasFeedSet,
  isFeedDue,
  isPulledFeed,
  isSameFeedSet,
  MIN_PULL_PERIOD_SECONDS,
  pullPeriodSeconds,
  THREAT_FEED_ANNOTATION,
  threatFeedSetName,
} from "@/lib/threat-feeds/feed";
export type { FeedFormatKind, ThreatFeedForm } from "@/lib/threat-feeds/form";
export { emptyThreatFeedForm, fromThreatFeedForm, toThreatFeedForm } from "@/lib/threat-feeds/form";
export type { FeedHeader } from "@/lib/threat-feeds/headers";
export { feedHeaders, headerValueFrom, THREAT_FEED_REF_NAMESPACE } from "@/lib/threat-feeds/headers";
