/**
 * Ports and port ranges: Calico's rule and endpoint port values (numorstring.Port) and protocol
 * values (numorstring.Protocol) parsed with the validator's rules, and the policy engine's port
 * matcher built from the same parse. Named ports resolve at match time on the endpoint that owns
 * them (Calico builds named-port IP sets from the endpoints' `ports`: destination named ports on
 * the destination endpoint, source ones on the source endpoint). Pure; never throws.
 */
import { portNameErrors } from "@/lib/calico/k8s-names";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { ProtocolName } from "@/lib/net/protocols";
import { PROTOCOL_NAMES, exactProtocolName, protocolNumber } from "@/lib/net/protocols";

type Protocol = ProtocolName | number;

export type ParsedPort =
  | { readonly kind: "range"; readonly min: number; readonly max: number }
  | { readonly kind: "named"; readonly name: string };

const PORT_NAME_RE = /^[a-zA-Z0-9_.-]{1,128}$/;

function portNumberError(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 65535) return "port must be an integer between 1 and 65535";
  if (n < 1) return "port number must be between 1 and 65535";
  return undefined;
}

/**
 * Parses a rule port: an integer, `"1234"`, a range `"80:90"`, or a named port (`"http"`).
 * The error string says why the value is invalid, quoting it.
 */
export function parsePort(value: unknown): { readonly port?: ParsedPort; readonly error?: string } {
  if (typeof value === "number") {
    const e = portNumberError(value);
    return e === undefined ? { port: { kind: "range", min: value, max: value } } : { error: `invalid port ${value}: ${e}` };
  }
  if (typeof value !== "string") return { error: "port must be a number or a string" };
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (n > 65535) return { error: `invalid port "${value}": port must be an integer between 1 and 65535` };
    const e = portNumberError(n);
    return e === undefined ? { port: { kind: "range", min: n, max: n } } : { error: `invalid port "${value}": ${e}` };
  }
  const range = /^(\d+):(\d+)$/.exec(value);
  if (range !== null) {
    const min = Number(range[1]);
    const max = Number(range[2]);
    if (min > 65535 || max > 65535) return { error: `invalid port range "${value}": port numbers must be between 1 and 65535` };
    if (min > max) return { error: `invalid port range "${value}": minimum port ${min} is greater than maximum port ${max}` };
    if (min < 1) return { error: `invalid port range "${value}": port number must be between 1 and 65535` };
    return { port: { kind: "range", min, max } };
  }
  if (!PORT_NAME_RE.test(value)) return { error: `invalid port "${value}": not a number, a range "min:max" or a port name` };
  const nameErrors = portNameErrors(value);
  if (nameErrors.length > 0) return { error: `invalid port name "${value}": ${nameErrors.join("; ")}` };
  return { port: { kind: "named", name: value } };
}

/**
 * Parses a protocol: a name (case-sensitive, as Calico's validator requires) or a number 1-255,
 * also given as a digit string. Returns the normalised value (digit strings become numbers).
 */
export function parseProtocol(value: unknown): { readonly protocol?: Protocol; readonly error?: string } {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0 || value > 255) return { error: `invalid protocol ${value}: protocol number must be between 1 and 255` };
    if (value === 0) return { error: "protocol number invalid: 0 (must be between 1 and 255)" };
    return { protocol: value };
  }
  if (typeof value !== "string") return { error: "protocol must be a string or a number" };
  if (/^\d+$/.test(value)) return parseProtocol(Number(value));
  const name = exactProtocolName(value);
  if (name !== undefined) return { protocol: name };
  return { error: `protocol name invalid: "${value}" (must be one of ${PROTOCOL_NAMES.join(", ")}, case-sensitive, or a number 1-255)` };
}

/** A compiled port list: numeric ranges plus port names to resolve on the owning endpoint. */
export interface PortMatcher {
  readonly ranges: readonly (readonly [number, number])[];
  readonly names: readonly string[];
}

/** Compiles a Calico port list with `parsePort`'s rules; the error names the bad entry. */
export function compilePorts(ports: readonly (number | string)[]): Result<PortMatcher, string> {
  const ranges: (readonly [number, number])[] = [];
  const names: string[] = [];
  for (const p of ports) {
    const { port, error } = parsePort(p);
    if (port === undefined) return err(error ?? `invalid port ${JSON.stringify(p)}`);
    if (port.kind === "range") ranges.push([port.min, port.max]);
    else names.push(port.name);
  }
  return ok({ ranges, names });
}

/** A port an endpoint declares, for resolving named ports. */
export interface OwnedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: ProtocolName | number;
}

/**
 * True when the packet's port matches: in a numeric range, or equal to the number of the
 * owning endpoint's named port of that name and protocol. An external peer (no endpoint) never
 * matches a named port.
 */
export function matchesPort(m: PortMatcher, port: number, protocol: number, owner: { readonly ports: readonly OwnedPort[] } | undefined): boolean {
  const ranges = m.ranges;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i] as readonly [number, number]; // i < length
    if (port >= r[0] && port <= r[1]) return true;
  }
  if (m.names.length === 0 || owner === undefined) return false;
  for (const name of m.names) {
    for (const ep of owner.ports) {
      if (ep.name === name && ep.port === port && protocolNumber(ep.protocol) === protocol) return true;
    }
  }
  return false;
}
