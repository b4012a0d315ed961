/**
 * Endpoint naming as felix's flow-log collector does it (felix/collector/types/endpoint):
 * aggregated pod names from the pod's generateName, and pub/pvt classification of addresses.
 */
import type { Cidr } from "@/lib/net/ip";
import { cidrHas, parseCidr, parseIp } from "@/lib/net/ip";
import type { NetClass } from "@/lib/flows/types";

/**
 * The aggregated name of a pod: `<generateName>*` when the pod has a generateName (pods made by a
 * controller), else the pod's name. When `generateName` is not known we derive it the way a
 * ReplicaSet names pods: `<deployment>-<pod-template-hash>-<5 chars>` gives
 * `<deployment>-<pod-template-hash>-*`. Never throws.
 */
export function aggregatedPodName(name: string, labels: Readonly<Record<string, string>> = {}, generateName?: string): string {
  if (generateName !== undefined && generateName !== "") return `${generateName}*`;
  const hash = labels["pod-template-hash"];
  if (hash !== undefined) {
    const marker = `-${hash}-`;
    const at = name.lastIndexOf(marker);
    if (at > 0) return `${name.slice(0, at + marker.length)}*`;
  }
  // DaemonSet / Job pods carry controller-revision-hash or job-name and a 5-character suffix.
  if (labels["controller-revision-hash"] !== undefined || labels["job-name"] !== undefined) {
    const m = /^(.*-)[a-z0-9]{5}$/.exec(name);
    if (m?.[1] !== undefined) return `${m[1]}*`;
  }
  return name;
}

/** The workload name an aggregated name stands for: `frontend-7d8f9c6b5-*` → `frontend`. */
export function workloadNameOf(nameAggr: string): string {
  const m = /^(.*?)-[a-z0-9]{6,10}-\*$/.exec(nameAggr);
  if (m?.[1] !== undefined) return m[1];
  return nameAggr.endsWith("-*") ? nameAggr.slice(0, -2) : nameAggr;
}

// 10/8, 172.16/12, 192.168/16 (RFC 1918); literal, well-formed CIDRs, so the parse cannot fail.
const PRIVATE_V4: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseCidr(c) as Cidr);

/**
 * `pvt` for RFC 1918 IPv4 addresses, `pub` for everything else — exactly felix's getSubnetType,
 * which checks only the three RFC 1918 blocks (so IPv6 ULAs and CGNAT count as `pub`).
 */
export function netClassOf(ip: string): NetClass {
  const addr = parseIp(ip);
  if (addr === undefined || addr.version !== 4) return "pub";
  return PRIVATE_V4.some((net) => cidrHas(net, addr)) ? "pvt" : "pub";
}
