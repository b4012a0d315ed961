/**
 * Calico port and protocol values (numorstring.Port / numorstring.Protocol), parsed with the
 * upstream rules. Pure; never throws.
 */
import { portNameErrors } from "@/lib/calico/k8s-names";
import type { Protocol } from "@/lib/calico/types";
import { PROTOCOL_NAMES } from "@/lib/calico/types";

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
  const name = PROTOCOL_NAMES.find((p) => p === value);
  if (name !== undefined) return { protocol: name };
  return { error: `protocol name invalid: "${value}" (must be one of ${PROTOCOL_NAMES.join(", ")}, case-sensitive, or a number 1-255)` };
}

/** True for protocols that carry ports: TCP (6), UDP (17), SCTP (132). */
export function protocolSupportsPorts(p: Protocol | undefined): boolean {
  return p === "TCP" || p === "UDP" || p === "SCTP" || p === 6 || p === 17 || p === 132;
}

/** True for ICMP (1) and ICMPv6 (58). */
export function isIcmpProtocol(p: Protocol | undefined): boolean {
  return p === "ICMP" || p === "ICMPv6" || p === 1 || p === 58;
}
