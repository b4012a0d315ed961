/**
 * Protocols and port matching. Port ranges are pre-resolved to numbers; named ports are resolved
 * at match time on the endpoint that owns the port (Calico builds named-port IP sets from the
 * endpoints' `ports`; destination named ports resolve on the destination endpoint, source ones
 * on the source endpoint).
 */
import type { Port, Protocol } from "@/lib/calico/types";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { EndpointPortSpec } from "@/lib/policy/model";

const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = {
  tcp: 6,
  udp: 17,
  icmp: 1,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
};

/** Protocols whose packets carry ports (Calico only allows `ports` with these). */
const PORT_PROTOCOLS: ReadonlySet<number> = new Set([6, 17, 132, 136]);

/** Protocol name (case-insensitive) or number 0-255 → number; undefined when invalid. */
export function toProtocolNumber(p: Protocol | string): number | undefined {
  if (typeof p === "number") return Number.isInteger(p) && p >= 0 && p <= 255 ? p : undefined;
  const named = PROTOCOL_NUMBERS[p.toLowerCase()];
  if (named !== undefined) return named;
  return /^\d{1,3}$/.test(p) && Number(p) <= 255 ? Number(p) : undefined;
}

/** True when packets of this protocol carry ports. */
export function hasPorts(protocol: number): boolean {
  return PORT_PROTOCOLS.has(protocol);
}

export interface PortMatcher {
  readonly ranges: readonly (readonly [number, number])[];
  readonly names: readonly string[];
}

/** Compiles a Calico port list (numbers, `"a:b"` ranges, names). Errors name the bad entry. */
export function compilePorts(ports: readonly Port[]): Result<PortMatcher, string> {
  const ranges: (readonly [number, number])[] = [];
  const names: string[] = [];
  for (const p of ports) {
    if (typeof p === "number") {
      if (!Number.isInteger(p) || p < 0 || p > 65535) return err(`invalid port ${p}`);
      ranges.push([p, p]);
      continue;
    }
    const m = /^(\d+)(?::(\d+))?$/.exec(p.trim());
    if (m) {
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : Number(m[2]);
      if (lo > 65535 || hi > 65535 || lo > hi) return err(`invalid port range "${p}"`);
      ranges.push([lo, hi]);
      continue;
    }
    if (p.trim() === "") return err("empty port");
    names.push(p.trim());
  }
  return ok({ ranges, names });
}

/**
 * True when the packet's port matches: in a numeric range, or equal to the number of the
 * owning endpoint's named port of that name and protocol. An external peer (no endpoint) never
 * matches a named port.
 */
export function matchesPort(
  m: PortMatcher,
  port: number,
  protocol: number,
  owner: { readonly ports: readonly EndpointPortSpec[] } | undefined,
): boolean {
  const ranges = m.ranges;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i] as readonly [number, number];
    if (port >= r[0] && port <= r[1]) return true;
  }
  if (m.names.length === 0 || owner === undefined) return false;
  for (const name of m.names) {
    for (const ep of owner.ports) {
      if (ep.name === name && ep.port === port && toProtocolNumber(ep.protocol) === protocol) return true;
    }
  }
  return false;
}
