/** Public API of the IP pool model: who uses a pool, and the pool form. */
export type { NamespaceInput, PodInput, PoolUsage } from "@/lib/ip-pools/usage";
export { computePoolUsage, IPV4_POOLS_ANNOTATION, IPV6_POOLS_ANNOTATION, namesPool, poolsNamedBy } from "@/lib/ip-pools/usage";
export type { EncapMode, IpPoolForm } from "@/lib/ip-pools/form";
export { emptyIpPoolForm, fromIpPoolForm, toIpPoolForm } from "@/lib/ip-pools/form";
