/**
 * IP address and CIDR parsing with Go `net.ParseIP` / `net.ParseCIDR` semantics, which is what
 * Calico's validator (libcalico-go/lib/net) and the Kubernetes API use. Pure; never throws.
 */

/** A parsed address: 4 bytes for IPv4, 16 bytes for IPv6. */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly bytes: readonly number[];
}

/** A parsed CIDR: the address as written plus the prefix length. */
export interface Cidr {
  readonly address: IpAddress;
  readonly prefix: number;
}

const V4_PART = /^(0|[1-9][0-9]{0,2})$/;

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    // Go rejects leading zeros since 1.17 (they are ambiguous octal).
    if (!V4_PART.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | undefined {
  if (text.length === 0) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? "";
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        out.push(v4[0]! * 256 + v4[1]!, v4[2]! * 256 + v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
      out.push(parseInt(piece, 16));
    }
    return out;
  };
  const head = groupsOf(halves[0] ?? "");
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  if (head === undefined || tail === undefined) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** Parses an IPv4 or IPv6 address; undefined when it is not one. IPv4-mapped IPv6 stays IPv6 text but version 4. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(":")) {
    const bytes = parseIpv6(text);
    if (bytes === undefined) return undefined;
    // Go treats ::ffff:a.b.c.d as an IPv4 address (To4() != nil).
    const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
    return isMapped ? { version: 4, bytes: bytes.slice(12) } : { version: 6, bytes };
  }
  const bytes = parseIpv4(text);
  return bytes === undefined ? undefined : { version: 4, bytes };
}

/** Parses `address/prefix` exactly as Go's net.ParseCIDR (a prefix is required). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const address = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  // Go checks the prefix against the textual family: an IPv4-mapped IPv6 literal allows /128.
  const max = text.slice(0, slash).includes(":") ? 128 : 32;
  if (prefix > max) return undefined;
  const effective = address.version === 4 && max === 128 ? prefix - 96 : prefix;
  if (effective < 0) return undefined;
  return { address, prefix: effective };
}

/** Parses a CIDR, or a bare address as a full-length network (Calico's ParseCIDROrIP). */
export function parseCidrOrIp(text: string): Cidr | undefined {
  const cidr = parseCidr(text);
  if (cidr !== undefined) return cidr;
  const address = parseIp(text);
  return address === undefined ? undefined : { address, prefix: address.version === 4 ? 32 : 128 };
}

/** The network address of a CIDR (host bits cleared). */
export function networkOf(cidr: Cidr): IpAddress {
  const bytes = cidr.address.bytes.map((b, i) => {
    const bitsBefore = i * 8;
    if (cidr.prefix >= bitsBefore + 8) return b;
    if (cidr.prefix <= bitsBefore) return 0;
    const keep = cidr.prefix - bitsBefore;
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  return { version: cidr.address.version, bytes };
}

/** True when the CIDR has no host bits set (Calico's "strictly masked"). */
export function isStrictlyMasked(cidr: Cidr): boolean {
  return networkOf(cidr).bytes.every((b, i) => b === cidr.address.bytes[i]);
}

/** Formats an address the way Go prints it (dotted quad, or compressed lower-case IPv6). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return ip.bytes.join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i] ?? 0) * 256 + (ip.bytes[i + 1] ?? 0));
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

/** True when `inner` lies entirely inside `outer` (same family, longer-or-equal prefix). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.address.version !== inner.address.version || inner.prefix < outer.prefix) return false;
  const masked = networkOf({ address: inner.address, prefix: outer.prefix });
  return networkOf(outer).bytes.every((b, i) => b === masked.bytes[i]);
}

/** True when the two networks share at least one address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}
