/** Contracts of /api/v1/clusters. */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";
import { CLUSTER_CONNECTION_KINDS } from "@/lib/cluster/clusters";

/**
 * A cluster as the API shows it. Connection settings (`config`) are not sent: for real clusters
 * they may name credentials, and the console does not need them to list or switch.
 */
export const ClusterSummarySchema = lazySchema(() => z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CLUSTER_CONNECTION_KINDS),
  createdAt: z.string(),
}));
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;

/** GET /api/v1/clusters */
export const ClusterListSchema = lazySchema(() => z.object({ items: z.array(ClusterSummarySchema) }));
export type ClusterList = z.infer<typeof ClusterListSchema>;

/**
 * POST /api/v1/clusters. Only `embedded` clusters can be added from the console for now: the
 * Kubernetes adapter registers its own kind when it exists, and the registry rejects kinds
 * without a backend.
 */
export const CreateClusterRequestSchema = lazySchema(() => z.object({
  name: z.string().trim().min(1, "Required value").max(100),
  id: z.string().trim().min(1).max(63).optional(),
  kind: z.enum(CLUSTER_CONNECTION_KINDS).default("embedded"),
}));
export type CreateClusterRequest = z.input<typeof CreateClusterRequestSchema>;
