/**
 * Contracts of the service graph's saved views: GET/POST /api/v1/clusters/{cluster}/graph/views
 * and DELETE …/graph/views/{id}. A view belongs to the calling user and one cluster; its `state`
 * is everything needed to reopen the graph as it was (filters, expanded namespaces, focus and,
 * optionally, the viewport). Saving under a name the user already has replaces that view.
 */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";
import { ClusterParamsSchema } from "@/lib/contracts/params";

const API = "/api/v1";
const seg = encodeURIComponent;

/** Time-range presets a view can keep (relative: reapplied against "now" when opened). */
export const VIEW_TIME_PRESETS = ["15m", "1h", "6h", "24h", "7d"] as const;

const seconds = z.number().int().min(0).max(4_102_444_800);
const name253 = z.string().min(1).max(253);

/** The saved part of the graph page. Unknown keys are dropped; limits keep a row small. */
export const GraphViewStateSchema = lazySchema(() => z.object({
  /** A relative preset, or the absolute range of a custom (linked) window. */
  range: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("preset"), preset: z.enum(VIEW_TIME_PRESETS) }),
    z.object({ kind: z.literal("absolute"), from: seconds, to: seconds.optional() }),
  ]),
  /** Namespace filter (either side of an edge), exact names. */
  namespaces: z.array(name253).max(200).default([]),
  /** Edge classes kept (none = all). */
  actions: z.array(z.enum(["allowed", "denied", "staged-denied"])).max(3).default([]),
  /** Search text (nodes whose label or id contains it, and their neighbours). */
  search: z.string().max(253).default(""),
  /** Namespaces opened as containers of their workloads. */
  expanded: z.array(name253).max(200).default([]),
  /** The selected node, and whether only its neighbourhood is shown ("hide unrelated"). */
  focus: z.object({ nodeId: z.string().min(1).max(600), hideUnrelated: z.boolean() }).optional(),
  /** Namespace label whose values box the namespaces (`zone`); "" = no boxes. */
  groupBy: z.string().max(317).default(""),
  /** Zoom level and pan offset (cytoscape's model), when the user chose to keep them. */
  viewport: z.object({ zoom: z.number().positive().max(100), pan: z.object({ x: z.number().finite(), y: z.number().finite() }) }).optional(),
}));
export type GraphViewState = z.infer<typeof GraphViewStateSchema>;

/** POST …/graph/views: save (or replace) the named view. */
export const SaveGraphViewRequestSchema = lazySchema(() => z.object({
  name: z.string().trim().min(1, "Required value").max(100),
  state: GraphViewStateSchema,
}));
export type SaveGraphViewRequest = z.infer<typeof SaveGraphViewRequestSchema>;

/** `{id}` of DELETE …/graph/views/{id}. */
export const SavedViewParamsSchema = lazySchema(() => ClusterParamsSchema.extend({ id: z.uuid() }));

/** One saved view as the API returns it (`createdAt`/`updatedAt` RFC 3339). */
export const SavedGraphViewSchema = lazySchema(() => z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  state: GraphViewStateSchema,
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
}));
export type SavedGraphView = z.infer<typeof SavedGraphViewSchema>;

/** GET …/graph/views reply: the caller's views of the cluster, by name. */
export const SavedGraphViewListSchema = lazySchema(() => z.object({ items: z.array(SavedGraphViewSchema).readonly() }));
export type SavedGraphViewList = z.infer<typeof SavedGraphViewListSchema>;

/** URL builders. */
export const savedViewPaths = {
  graphViews: (cluster: string): string => `${API}/clusters/${seg(cluster)}/graph/views`,
  graphView: (cluster: string, id: string): string => `${API}/clusters/${seg(cluster)}/graph/views/${seg(id)}`,
};
