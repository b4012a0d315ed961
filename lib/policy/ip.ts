/**
 * IP addresses and CIDRs as numeric ranges, so that `nets` / `notNets` / network-set membership
 * is two comparisons. IPv4 uses plain numbers; IPv6 uses bigint (only IPv6 pays for it).
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

export type IpAddress = { readonly v: 4; readonly n: number } | { readonly v: 6; readonly n: bigint };

export type CidrRange =
  | { readonly v: 4; readonly lo: number; readonly hi: number }
  | { readonly v: 6; readonly lo: bigint; readonly hi: bigint };

/** Parses a dotted-quad IPv4 address. */
function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const b = Number(p);
    if (b > 255) return undefined;
    n = n * 256 + b;
  }
  return n;
}

/** Parses an IPv6 address (with `::` and an optional trailing dotted IPv4). */
function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let head = text;
  let tailV4: number | undefined;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const dbl = head.split("::");
  if (dbl.length > 2) return undefined;
  const toGroups = (s: string): string[] => (s === "" ? [] : s.split(":"));
  const left = toGroups(dbl[0] ?? "");
  const right = dbl.length === 2 ? toGroups(dbl[1] ?? "") : [];
  const missing = 8 - left.length - right.length;
  if (dbl.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...left, ...Array<string>(dbl.length === 2 ? missing : 0).fill("0"), ...right];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== undefined) n = (n & ~0xffffffffn) | BigInt(tailV4);
  return n;
}

/** Parses an IPv4 or IPv6 address; undefined when it is neither. Never throws. */
export function parseIp(text: string): IpAddress | undefined {
  const t = text.trim();
  if (t.includes(":")) {
    const n = parseIpv6(t);
    return n === undefined ? undefined : { v: 6, n };
  }
  const n = parseIpv4(t);
  return n === undefined ? undefined : { v: 4, n };
}

/**
 * Parses `a.b.c.d/len`, an IPv6 CIDR, or a bare address (a /32 or /128, as Calico's
 * ParseCIDROrIP does). Host bits are masked off, as Calico normalises nets.
 */
export function parseCidr(text: string): Result<CidrRange, string> {
  const [addrText = "", lenText, extra] = text.trim().split("/");
  if (extra !== undefined) return err(`"${text}" is not a CIDR`);
  const addr = parseIp(addrText);
  if (addr === undefined) return err(`"${text}" is not an IP address or CIDR`);
  const max = addr.v === 4 ? 32 : 128;
  let len = max;
  if (lenText !== undefined) {
    if (!/^\d{1,3}$/.test(lenText) || Number(lenText) > max) return err(`"${text}" has an invalid prefix length`);
    len = Number(lenText);
  }
  if (addr.v === 4) {
    const size = 2 ** (32 - len);
    const lo = Math.floor(addr.n / size) * size;
    return ok({ v: 4, lo, hi: lo + size - 1 });
  }
  const hostBits = BigInt(128 - len);
  const lo = (addr.n >> hostBits) << hostBits;
  return ok({ v: 6, lo, hi: lo + (1n << hostBits) - 1n });
}

/** True when the address lies in the range (different families never match). */
export function isInCidr(addr: IpAddress, range: CidrRange): boolean {
  if (addr.v === 4) return range.v === 4 && addr.n >= range.lo && addr.n <= range.hi;
  return range.v === 6 && addr.n >= range.lo && addr.n <= range.hi;
}

/** True when the address lies in any of the ranges. */
export function isInAnyCidr(addr: IpAddress, ranges: readonly CidrRange[]): boolean {
  // Index loop (hot path); i < length, so the element is defined.
  for (let i = 0; i < ranges.length; i++) if (isInCidr(addr, ranges[i] as CidrRange)) return true;
  return false;
}

/** Canonical text of an address, used as a map key for IP → endpoint lookups. */
export function ipKey(addr: IpAddress): string {
  return `${addr.v}:${addr.n.toString(16)}`;
}
