/**
 * IP addresses and CIDRs: one parser, one formatter, one containment test for the whole
 * console (policy engine, validator, IP pools, network sets, threat feeds, outbound address
 * policy). Parsing follows Go's `net.ParseIP` / `net.ParseCIDR`, which is what Calico's validator
 * (libcalico-go `lib/net`) and the Kubernetes API accept. Addresses are numbers so that "is this
 * address in that network" is two comparisons: IPv4 as a plain number, IPv6 as a bigint (only
 * IPv6 pays for it). Pure; nothing here throws.
 */

/** A parsed address. IPv4-mapped IPv6 text (`::ffff:a.b.c.d`) is an IPv4 address, as in Go. */
export type IpAddress = { readonly version: 4; readonly value: number } | { readonly version: 6; readonly value: bigint };

/** A parsed CIDR: the address as written (host bits kept) plus the prefix length. */
export interface Cidr {
  readonly address: IpAddress;
  readonly prefix: number;
}

/** A network as the inclusive address range it covers; the form the policy engine matches on. */
export type CidrRange =
  | { readonly version: 4; readonly lo: number; readonly hi: number }
  | { readonly version: 6; readonly lo: bigint; readonly hi: bigint };

const V4_PART = /^(0|[1-9][0-9]{0,2})$/;
const V6_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    // Go rejects leading zeros since 1.17 (they read as octal elsewhere), and so does Calico.
    if (!V4_PART.test(part)) return undefined;
    const b = Number(part);
    if (b > 255) return undefined;
    n = n * 256 + b;
  }
  return n;
}

function groupsOf(part: string, allowV4Tail: boolean): number[] | undefined {
  if (part === "") return [];
  const out: number[] = [];
  const pieces = part.split(":");
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? "";
    if (allowV4Tail && i === pieces.length - 1 && piece.includes(".")) {
      const v4 = parseIpv4(piece);
      if (v4 === undefined) return undefined;
      out.push(Math.floor(v4 / 65536), v4 % 65536);
      continue;
    }
    if (!V6_GROUP.test(piece)) return undefined;
    out.push(parseInt(piece, 16));
  }
  return out;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0] ?? "", halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "", true) : [];
  if (head === undefined || tail === undefined) return undefined;
  let groups = head;
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  }
  if (groups.length !== 8) return undefined;
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(g);
  return n;
}

/** True when a 128-bit value is `::ffff:a.b.c.d`, which Go treats as IPv4 (`To4() != nil`). */
function isMapped(n: bigint): boolean {
  return n >> 32n === 0xffffn;
}

/**
 * Parses an IPv4 or IPv6 address with Go's rules (no leading zeros in IPv4 parts, no
 * surrounding blanks, no zone). Undefined when the text is not one.
 */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(":")) {
    const n = parseIpv6(text);
    if (n === undefined) return undefined;
    return isMapped(n) ? { version: 4, value: Number(n & 0xffffffffn) } : { version: 6, value: n };
  }
  const n = parseIpv4(text);
  return n === undefined ? undefined : { version: 4, value: n };
}

/**
 * Parses `address/prefix` exactly as Go's `net.ParseCIDR`: a prefix is required; host bits are
 * kept (see `isStrictlyMasked`, `networkOf`). Undefined on bad input.
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const addressText = text.slice(0, slash);
  const address = parseIp(addressText);
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  // Go checks the prefix against the textual family: an IPv4-mapped IPv6 literal allows /128,
  // and its prefix then counts from the start of the mapped IPv4 part.
  const max = addressText.includes(":") ? 128 : 32;
  if (prefix > max) return undefined;
  const effective = address.version === 4 && max === 128 ? prefix - 96 : prefix;
  if (effective < 0) return undefined;
  return { address, prefix: effective };
}

/** Parses a CIDR, or a bare address as a full-length network (Calico's `ParseCIDROrIP`). */
export function parseCidrOrIp(text: string): Cidr | undefined {
  const cidr = parseCidr(text);
  if (cidr !== undefined) return cidr;
  const address = parseIp(text);
  return address === undefined ? undefined : hostCidr(address);
}

/** The error message for text that is neither an address nor a CIDR, naming the text. */
export function notCidrMessage(text: string): string {
  return `"${text}" is not an IP address or CIDR`;
}

/** The single-address network of an address (/32 or /128). */
export function hostCidr(address: IpAddress): Cidr {
  return { address, prefix: bitsOf(address) };
}

/** 32 for IPv4, 128 for IPv6. */
export function bitsOf(address: IpAddress): 32 | 128 {
  return address.version === 4 ? 32 : 128;
}

/** The address range a CIDR covers (host bits ignored). */
export function toRange(cidr: Cidr): CidrRange {
  const a = cidr.address;
  if (a.version === 4) {
    const size = 2 ** (32 - cidr.prefix);
    const lo = Math.floor(a.value / size) * size;
    return { version: 4, lo, hi: lo + size - 1 };
  }
  const hostBits = BigInt(128 - cidr.prefix);
  const lo = (a.value >> hostBits) << hostBits;
  return { version: 6, lo, hi: lo + (1n << hostBits) - 1n };
}

/** The network address of a CIDR (host bits cleared). */
export function networkOf(cidr: Cidr): IpAddress {
  const r = toRange(cidr);
  return r.version === 4 ? { version: 4, value: r.lo } : { version: 6, value: r.lo };
}

/** True when the CIDR has no host bits set (Calico's "strictly masked"). */
export function isStrictlyMasked(cidr: Cidr): boolean {
  return networkOf(cidr).value === cidr.address.value;
}

/** True when the address lies in the range; different families never match. */
export function isInRange(addr: IpAddress, range: CidrRange): boolean {
  if (addr.version === 4) return range.version === 4 && addr.value >= range.lo && addr.value <= range.hi;
  return range.version === 6 && addr.value >= range.lo && addr.value <= range.hi;
}

/** True when the address lies in any of the ranges. */
export function isInAnyRange(addr: IpAddress, ranges: readonly CidrRange[]): boolean {
  // Index loop (hot path of the policy engine); i < length, so the element is defined.
  for (let i = 0; i < ranges.length; i++) if (isInRange(addr, ranges[i] as CidrRange)) return true;
  return false;
}

/** True when `inner` lies entirely inside `outer` (same family, longer-or-equal prefix). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.address.version !== inner.address.version || inner.prefix < outer.prefix) return false;
  return isInRange(inner.address, toRange(outer));
}

/** True when the address lies in the network. */
export function cidrHas(cidr: Cidr, addr: IpAddress): boolean {
  return isInRange(addr, toRange(cidr));
}

/** True when the two networks share at least one address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** True when both are the same address. */
export function ipEquals(a: IpAddress, b: IpAddress): boolean {
  return a.version === b.version && a.value === b.value;
}

/** A compact key for an address (family plus value), for maps from address to endpoint. */
export function ipKey(addr: IpAddress): string {
  return `${addr.version}:${addr.value.toString(16)}`;
}

/** The IPv4 address held in bits `[shift, shift + 32)` counted from the low end of an IPv6 address. */
export function ipv4Within(addr: IpAddress & { readonly version: 6 }, shift: number): IpAddress {
  return { version: 4, value: Number((addr.value >> BigInt(shift)) & 0xffffffffn) };
}

/** Formats an address the way Go prints it: dotted quad, or compressed lower-case IPv6. */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) {
    const n = ip.value;
    return [Math.floor(n / 2 ** 24), Math.floor(n / 2 ** 16) % 256, Math.floor(n / 256) % 256, n % 256].join(".");
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip.value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** Formats a CIDR's network in canonical form, e.g. `10.0.0.0/24`. */
export function formatNetwork(cidr: Cidr): string {
  return `${formatIp(networkOf(cidr))}/${cidr.prefix}`;
}
