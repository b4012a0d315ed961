/**
 * The address policy of every request Palisade makes to a URL a user typed (threat feeds,
 * alert webhooks): which hosts and addresses may be reached. Pure; never throws.
 *
 * Classes, decided on the resolved address, never on the host name alone:
 *  - `link-local` (169.254.0.0/16, fe80::/10) — cloud metadata services live here; never
 *    reachable, whatever the allow list says. So is the host `metadata.google.internal`.
 *  - `unspecified`, `multicast`, `broadcast` — never reachable (0.0.0.0 connects to the local
 *    host on Linux).
 *  - `loopback` (127.0.0.0/8, ::1) and `private` (RFC 1918, 100.64.0.0/10 CGNAT, fc00::/7,
 *    0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15, 240.0.0.0/4) — reachable only when the allow list
 *    (`PALISADE_OUTBOUND_ALLOW`) names the host or a CIDR holding the address.
 *  - `public` — reachable.
 * IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is classified as the IPv4 address it carries, and the
 * NAT64 / 6to4 forms that embed an IPv4 address are classified by that address too, so a
 * private target cannot hide behind an IPv6 spelling.
 */
import type { Cidr, IpAddress } from "@/lib/net/ip";
import { cidrHas, ipv4Within, formatIp, parseCidrOrIp, parseIp } from "@/lib/net/ip";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import { normaliseDomain } from "@/lib/net/domains";

export type AddressClass = "public" | "private" | "loopback" | "link-local" | "unspecified" | "multicast" | "broadcast";

/** Hosts that are never reached, whatever they resolve to (cloud metadata endpoints). */
const BLOCKED_HOSTS: ReadonlySet<string> = new Set(["metadata.google.internal", "metadata.goog", "metadata"]);

function cidrs(list: readonly string[]): readonly Cidr[] {
  // Literal, well-formed CIDRs: parseCidrOrIp cannot fail on them.
  return list.map((c) => parseCidrOrIp(c) as Cidr);
}

const TABLE: readonly { readonly cls: AddressClass; readonly nets: readonly Cidr[] }[] = [
  { cls: "unspecified", nets: cidrs(["0.0.0.0/32", "::/128"]) },
  { cls: "broadcast", nets: cidrs(["255.255.255.255/32"]) },
  { cls: "loopback", nets: cidrs(["127.0.0.0/8", "::1/128"]) },
  { cls: "link-local", nets: cidrs(["169.254.0.0/16", "fe80::/10"]) },
  { cls: "multicast", nets: cidrs(["224.0.0.0/4", "ff00::/8"]) },
  {
    cls: "private",
    nets: cidrs(["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "240.0.0.0/4", "fc00::/7", "fec0::/10"]),
  },
];

const NAT64 = cidrs(["64:ff9b::/96"])[0] as Cidr;
const SIX_TO_FOUR = cidrs(["2002::/16"])[0] as Cidr;

/** The IPv4 address an IPv6 address embeds (NAT64 well-known prefix, 6to4), if any. */
function embeddedV4(ip: IpAddress): IpAddress | undefined {
  if (ip.version !== 6) return undefined;
  // NAT64 keeps the IPv4 address in the low 32 bits; 6to4 in bits 16–47 from the top (80 from the low end).
  if (cidrHas(NAT64, ip)) return ipv4Within(ip, 0);
  if (cidrHas(SIX_TO_FOUR, ip)) return ipv4Within(ip, 80);
  return undefined;
}

/** The class of an address (see the module comment). */
export function classifyAddress(ip: IpAddress): AddressClass {
  const inner = embeddedV4(ip);
  if (inner !== undefined) return classifyAddress(inner);
  for (const row of TABLE) if (row.nets.some((n) => cidrHas(n, ip))) return row.cls;
  return "public";
}

/** The parsed `PALISADE_OUTBOUND_ALLOW`: host names (lower case) and networks. */
export interface AllowList {
  readonly hosts: ReadonlySet<string>;
  readonly nets: readonly Cidr[];
}

export const EMPTY_ALLOW_LIST: AllowList = { hosts: new Set(), nets: [] };

/**
 * Parses a comma-separated allow list of host names, addresses and CIDRs
 * (`127.0.0.1,feeds.internal,10.1.0.0/16`). Blank items are skipped; an item that is neither a
 * host name nor an address / CIDR is an error naming it.
 */
export function parseAllowList(text: string | undefined): Result<AllowList, string> {
  if (text === undefined) return ok(EMPTY_ALLOW_LIST);
  const hosts = new Set<string>();
  const nets: Cidr[] = [];
  for (const raw of text.split(",")) {
    const item = raw.trim().toLowerCase();
    if (item === "") continue;
    const net = parseCidrOrIp(item.replace(/^\[|\]$/g, ""));
    if (net !== undefined) nets.push(net);
    else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(item)) hosts.add(item.replace(/\.$/, ""));
    else return err(`PALISADE_OUTBOUND_ALLOW: "${raw.trim()}" is neither a host name, an address nor a CIDR`);
  }
  return ok({ hosts, nets });
}

/** Why a host or address was refused; the message never names anything but the request's own host. */
export interface Refusal {
  readonly reason: "blocked-host" | "link-local" | "not-allowed";
  readonly message: string;
}

/** Normalises a URL host for comparisons: lower case, no trailing dot, no IPv6 brackets. */
export function normaliseHost(host: string): string {
  return normaliseDomain(host).replace(/^\[|\]$/g, "");
}

/** Whether the host name itself is refused before any DNS lookup (metadata endpoints). */
export function checkHostName(host: string): Refusal | undefined {
  const h = normaliseHost(host);
  if (BLOCKED_HOSTS.has(h)) return { reason: "blocked-host", message: `host "${h}" is a cloud metadata endpoint and is never fetched` };
  return undefined;
}

/**
 * Whether `address` (what `host` resolved to, or the host itself when it is a literal) may be
 * connected to. Undefined = allowed. Link-local, unspecified, multicast and broadcast addresses
 * are refused whatever the allow list says; loopback and private ones unless the allow list
 * names the host or holds the address.
 */
export function checkAddress(host: string, address: string, allow: AllowList): Refusal | undefined {
  const byName = checkHostName(host);
  if (byName !== undefined) return byName;
  const ip = parseIp(normaliseHost(address));
  if (ip === undefined) return { reason: "not-allowed", message: `"${address}" is not an IP address` };
  const cls = classifyAddress(ip);
  const shown = formatIp(ip);
  if (cls === "public") return undefined;
  if (cls === "link-local") return { reason: "link-local", message: `${shown} is a link-local address (cloud metadata lives there) and is never fetched` };
  if (cls === "unspecified" || cls === "multicast" || cls === "broadcast") return { reason: "not-allowed", message: `${shown} is a ${cls} address and is never fetched` };
  if (allow.hosts.has(normaliseHost(host)) || allow.nets.some((n) => cidrHas(n, ip))) return undefined;
  return { reason: "not-allowed", message: `${shown} is a ${cls} address; name it in PALISADE_OUTBOUND_ALLOW to fetch from it` };
}

/**
 * The address policy of connections to Kubernetes API servers and Goldmane (cluster
 * connections), which differs from the one of user-typed URLs on purpose: loopback and private
 * addresses are allowed without an allow-list entry, because the API servers Palisade is pointed
 * at normally live there (kind and minikube on 127.0.0.1, a production control plane on a
 * private network, Goldmane on a cluster-internal service address). What is refused is what no
 * cluster legitimately lives on and what an attacker who can edit a cluster entry would aim at:
 * the metadata host names, link-local (169.254.0.0/16, fe80::/10: cloud metadata and its
 * credentials), and unspecified, multicast and broadcast addresses. Undefined = allowed.
 */
export function checkClusterAddress(host: string, address: string): Refusal | undefined {
  const byName = checkHostName(host);
  if (byName !== undefined) return { reason: "blocked-host", message: `host "${normaliseHost(host)}" is a cloud metadata endpoint and is never connected to` };
  const ip = parseIp(normaliseHost(address));
  if (ip === undefined) return { reason: "not-allowed", message: `"${address}" is not an IP address` };
  const cls = classifyAddress(ip);
  const shown = formatIp(ip);
  if (cls === "link-local") return { reason: "link-local", message: `${shown} is a link-local address (cloud metadata lives there) and is never connected to` };
  if (cls === "unspecified" || cls === "multicast" || cls === "broadcast") return { reason: "not-allowed", message: `${shown} is a ${cls} address and is never connected to` };
  return undefined;
}
