/** Contracts of the threat-feed routes under /api/v1/clusters/{cluster}/threat-feeds. */
import { z } from "zod";

/** "ok": last pull succeeded; "error": it failed; "pending": never pulled; "disabled"; "push": no spec.pull. */
export type ThreatFeedState = "ok" | "error" | "pending" | "disabled" | "push";

/** A policy rule that selects the feed's set. */
export interface ThreatFeedPolicyRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly tier: string;
  readonly direction: "ingress" | "egress";
  readonly ruleIndex: number;
  readonly side: "source" | "destination";
  readonly action: string;
}

/** One GlobalThreatFeed with its sync state. */
export interface ThreatFeedView {
  readonly name: string;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly description?: string;
  readonly content: "IPSet" | "DomainNameSet";
  readonly mode: "Enabled" | "Disabled";
  readonly url?: string;
  /** The pull period as written, or the default. */
  readonly period: string;
  /** newlineDelimited, json (path) or csv (column). */
  readonly format: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: ThreatFeedState;
  /** The GlobalNetworkSet the feed fills, when it asks for one. */
  readonly setName?: string;
  readonly setExists: boolean;
  readonly entryCount: number;
  readonly skippedCount: number;
  /** The first entries (at most 50), to check what the feed holds. */
  readonly sampleEntries: readonly string[];
  readonly lastSuccessfulSync?: string;
  readonly lastAttemptAt?: string;
  readonly nextSyncAt?: string;
  readonly syncRequested: boolean;
  readonly errorConditions: readonly { readonly type: string; readonly message: string }[];
  readonly policies: readonly ThreatFeedPolicyRef[];
  /** Denied flows (sum of num_flows) to or from the set's addresses in the last 24 hours. */
  readonly deniedFlows: number;
}

export interface ThreatFeedsOverview {
  readonly items: readonly ThreatFeedView[];
}

/** POST …/threat-feeds/sync: pull this feed on the puller's next tick. */
export const ThreatFeedSyncSchema = z.object({ name: z.string().min(1).max(253) });
export type ThreatFeedSyncRequest = z.infer<typeof ThreatFeedSyncSchema>;

export interface ThreatFeedSyncResponse {
  readonly name: string;
  readonly requestedAt: string;
}

/** Paths of the threat-feed routes. */
export const threatFeedPaths = {
  overview: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/threat-feeds`,
  sync: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/threat-feeds/sync`,
};
