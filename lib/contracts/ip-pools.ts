/** Contract of GET /api/v1/clusters/{cluster}/ip-pools: every IPPool with who uses it. */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";

export const IpPoolViewSchema = lazySchema(() => z.object({
  name: z.string().min(1),
  resourceVersion: z.string(),
  cidr: z.string().min(1),
  blockSize: z.number().int().optional(),
  ipipMode: z.string(),
  vxlanMode: z.string(),
  natOutgoing: z.boolean(),
  nodeSelector: z.string(),
  disabled: z.boolean(),
  /** Namespaces whose cni.projectcalico.org/ipv4pools (or ipv6pools) annotation names the pool. */
  namespaces: z.array(z.string()).readonly(),
  /** Pods naming it in their own annotation (their namespace names none). */
  annotatedPods: z.array(z.string()).readonly(),
  /** Pods with an address in the pool. */
  workloads: z.array(z.object({ namespace: z.string(), name: z.string(), ip: z.string() })).readonly(),
  used: z.number().int().min(0),
  size: z.number().min(0),
  utilisation: z.number().min(0),
}));
export type IpPoolView = z.infer<typeof IpPoolViewSchema>;

export const IpPoolsOverviewSchema = lazySchema(() => z.object({ items: z.array(IpPoolViewSchema).readonly() }));
export type IpPoolsOverview = z.infer<typeof IpPoolsOverviewSchema>;

export const ipPoolPaths = {
  overview: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/ip-pools`,
};
