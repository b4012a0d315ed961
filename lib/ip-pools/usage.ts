/**
 * Who uses an IPPool, as Calico IPAM decides it:
 *  - namespaces (and pods) whose `cni.projectcalico.org/ipv4pools` / `ipv6pools` annotation
 *    names the pool (a JSON list of pool names or CIDRs; the namespace's annotation wins over
 *    the pod's, as the Calico CNI plugin reads them);
 *  - workloads whose addresses fall inside the pool's CIDR;
 *  - utilisation: the addresses in use over the pool's size (network, broadcast-free: every
 *    address of the CIDR counts, as calicoctl ipam show does).
 * Pure; never throws (a malformed annotation names no pool).
 */
import type { IPPool } from "@/lib/calico/types";
import type { Cidr } from "@/lib/net/ip";
import { cidrContains, formatNetwork, parseCidrOrIp } from "@/lib/net/ip";

export const IPV4_POOLS_ANNOTATION = "cni.projectcalico.org/ipv4pools";
export const IPV6_POOLS_ANNOTATION = "cni.projectcalico.org/ipv6pools";

type Annotations = Readonly<Record<string, string>> | undefined;

/** The pool names or CIDRs an ipv4pools / ipv6pools annotation lists; [] when absent or malformed. */
export function poolsNamedBy(annotations: Annotations): readonly string[] {
  const out: string[] = [];
  for (const key of [IPV4_POOLS_ANNOTATION, IPV6_POOLS_ANNOTATION]) {
    const text = annotations?.[key];
    if (text === undefined) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      continue;
    }
    if (Array.isArray(parsed)) for (const v of parsed) if (typeof v === "string") out.push(v);
  }
  return out;
}

/** Whether an annotation entry (a pool name or a CIDR) designates `pool`. */
export function namesPool(entry: string, pool: IPPool): boolean {
  if (entry === pool.metadata.name) return true;
  const a = parseCidrOrIp(entry);
  const b = parseCidrOrIp(pool.spec.cidr);
  return a !== undefined && b !== undefined && formatNetwork(a) === formatNetwork(b);
}

export interface NamespaceInput {
  readonly name: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface PodInput {
  readonly namespace: string;
  readonly name: string;
  readonly ips: readonly string[];
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface PoolUsage {
  readonly name: string;
  /** Namespaces whose annotation names the pool. */
  readonly namespaces: readonly string[];
  /** Pods (namespace/name) whose annotation names the pool (namespace annotation absent). */
  readonly annotatedPods: readonly string[];
  /** Pods with an address inside the pool, with that address. */
  readonly workloads: readonly { readonly namespace: string; readonly name: string; readonly ip: string }[];
  /** Addresses of the pool in use by those pods. */
  readonly used: number;
  /** Addresses in the pool (2^(bits − prefix)); 0 for an invalid CIDR. */
  readonly size: number;
  /** used / size, 0 when size is 0. */
  readonly utilisation: number;
}

function sizeOf(cidr: Cidr | undefined): number {
  if (cidr === undefined) return 0;
  const bits = (cidr.address.version === 4 ? 32 : 128) - cidr.prefix;
  return 2 ** bits;
}

/** The usage of every pool, in the pools' order. */
export function computePoolUsage(pools: readonly IPPool[], namespaces: readonly NamespaceInput[], pods: readonly PodInput[]): readonly PoolUsage[] {
  const nsPools = new Map(namespaces.map((n) => [n.name, poolsNamedBy(n.annotations)] as const));
  return pools.map((pool): PoolUsage => {
    const cidr = parseCidrOrIp(pool.spec.cidr);
    const workloads: { namespace: string; name: string; ip: string }[] = [];
    const annotatedPods: string[] = [];
    for (const pod of pods) {
      for (const ip of pod.ips) {
        const addr = parseCidrOrIp(ip);
        if (cidr !== undefined && addr !== undefined && cidrContains(cidr, addr)) workloads.push({ namespace: pod.namespace, name: pod.name, ip });
      }
      if ((nsPools.get(pod.namespace) ?? []).length === 0 && poolsNamedBy(pod.annotations).some((e) => namesPool(e, pool))) annotatedPods.push(`${pod.namespace}/${pod.name}`);
    }
    const size = sizeOf(cidr);
    const used = new Set(workloads.map((w) => w.ip)).size;
    return {
      name: pool.metadata.name,
      namespaces: namespaces.filter((n) => (nsPools.get(n.name) ?? []).some((e) => namesPool(e, pool))).map((n) => n.name),
      annotatedPods,
      workloads,
      used,
      size,
      utilisation: size === 0 ? 0 : used / size,
    };
  });
}
