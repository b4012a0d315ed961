import "server-only";
/** The IP pools page's read: every IPPool of the cluster with the namespaces and workloads that use it. */
import type { IpPoolsOverview } from "@/lib/contracts/ip-pools";
import { computePoolUsage } from "@/lib/ip-pools";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { listAll } from "@/lib/server/policy/snapshot";

export async function getIpPoolsOverview(clusterId: string): Promise<IpPoolsOverview> {
  const backend = await getClusterBackend(clusterId);
  const pools = [...(await listAll(backend, "IPPool")).items].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const namespaces = (await listAll(backend, "Namespace")).items.map((n) => ({ name: n.metadata.name, ...(n.metadata.annotations !== undefined ? { annotations: n.metadata.annotations } : {}) }));
  const pods = (await listAll(backend, "Pod")).items.map((p) => ({
    namespace: p.metadata.namespace ?? "",
    name: p.metadata.name,
    ips: p.status?.podIPs?.map((x) => x.ip) ?? (p.status?.podIP !== undefined ? [p.status.podIP] : []),
    ...(p.metadata.annotations !== undefined ? { annotations: p.metadata.annotations } : {}),
  }));
  const usage = computePoolUsage(pools, namespaces, pods);
  return {
    items: pools.map((pool, i) => {
      const u = usage[i];
      return {
        name: pool.metadata.name,
        resourceVersion: pool.metadata.resourceVersion ?? "",
        cidr: pool.spec.cidr,
        ...(pool.spec.blockSize !== undefined ? { blockSize: pool.spec.blockSize } : {}),
        ipipMode: pool.spec.ipipMode ?? "Never",
        vxlanMode: pool.spec.vxlanMode ?? "Never",
        natOutgoing: pool.spec.natOutgoing === true,
        nodeSelector: pool.spec.nodeSelector ?? "all()",
        disabled: pool.spec.disabled === true,
        namespaces: u?.namespaces ?? [],
        annotatedPods: u?.annotatedPods ?? [],
        workloads: u?.workloads ?? [],
        used: u?.used ?? 0,
        size: u?.size ?? 0,
        utilisation: u?.utilisation ?? 0,
      };
    }),
  };
}
