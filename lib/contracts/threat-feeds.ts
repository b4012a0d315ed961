/** Contracts of the threat-feed routes under /api/v1/clusters/{cluster}/threat-feeds. */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";

/** "ok": last pull succeeded; "error": it failed; "pending": never pulled; "disabled"; "push": no spec.pull. */
export const ThreatFeedStateSchema = lazySchema(() => z.enum(["ok", "error", "pending", "disabled", "push"]));
export type ThreatFeedState = z.infer<typeof ThreatFeedStateSchema>;

/** A policy rule that selects the feed's set. */
export const ThreatFeedPolicyRefSchema = lazySchema(() => z.object({
  kind: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().optional(),
  tier: z.string().min(1),
  direction: z.enum(["ingress", "egress"]),
  ruleIndex: z.number().int().min(0),
  side: z.enum(["source", "destination"]),
  action: z.string(),
}));
export type ThreatFeedPolicyRef = z.infer<typeof ThreatFeedPolicyRefSchema>;

/** One GlobalThreatFeed with its sync state. */
export const ThreatFeedViewSchema = lazySchema(() => z.object({
  name: z.string().min(1),
  uid: z.string(),
  resourceVersion: z.string(),
  description: z.string().optional(),
  content: z.enum(["IPSet", "DomainNameSet"]),
  mode: z.enum(["Enabled", "Disabled"]),
  url: z.string().optional(),
  /** The pull period as written, or the default. */
  period: z.string(),
  /** newlineDelimited, json (path) or csv (column). */
  format: z.string(),
  labels: z.record(z.string(), z.string()),
  state: ThreatFeedStateSchema,
  /** The GlobalNetworkSet the feed fills, when it asks for one. */
  setName: z.string().optional(),
  setExists: z.boolean(),
  entryCount: z.number().int().min(0),
  skippedCount: z.number().int().min(0),
  /** The first entries (at most 50), to check what the feed holds. */
  sampleEntries: z.array(z.string()).max(50).readonly(),
  lastSuccessfulSync: z.string().optional(),
  lastAttemptAt: z.string().optional(),
  nextSyncAt: z.string().optional(),
  syncRequested: z.boolean(),
  errorConditions: z.array(z.object({ type: z.string(), message: z.string() })).readonly(),
  policies: z.array(ThreatFeedPolicyRefSchema).readonly(),
  /** Denied flows (sum of num_flows) to or from the set's addresses in the last 24 hours. */
  deniedFlows: z.number().min(0),
}));
export type ThreatFeedView = z.infer<typeof ThreatFeedViewSchema>;

export const ThreatFeedsOverviewSchema = lazySchema(() => z.object({ items: z.array(ThreatFeedViewSchema).readonly() }));
export type ThreatFeedsOverview = z.infer<typeof ThreatFeedsOverviewSchema>;

/** POST …/threat-feeds/sync: pull this feed on the puller's next tick. */
export const ThreatFeedSyncSchema = lazySchema(() => z.object({ name: z.string().min(1).max(253) }));
export type ThreatFeedSyncRequest = z.infer<typeof ThreatFeedSyncSchema>;

export const ThreatFeedSyncResponseSchema = lazySchema(() => z.object({ name: z.string().min(1), requestedAt: z.string().min(1) }));
export type ThreatFeedSyncResponse = z.infer<typeof ThreatFeedSyncResponseSchema>;

/** Paths of the threat-feed routes. */
export const threatFeedPaths = {
  overview: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/threat-feeds`,
  sync: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/threat-feeds/sync`,
};
