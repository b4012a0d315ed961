/**
 * Reads the simulate command's PROBES file into connection tuples for the engine, resolving
 * each reference (`"ns/pod"`, `"host/NAME"`, `{ip}`, `{domain, ip?}`, `{host}`) against the
 * cluster. Errors name the field: `probes[3].port: required for TCP`.
 */
import { PROTOCOL_NAMES, carriesPorts, isIcmpProtocol, protocolNameIgnoringCase, protocolNameOf } from "@/lib/net/protocols";
import type { Protocol } from "@/lib/calico/types";
import type { FieldError } from "@/lib/errors";
import type { Connection, EndpointModel, Peer } from "@/lib/policy";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { ClusterModel } from "@/cli/simulate/cluster-file";
import { FieldChecks, describe } from "@/cli/simulate/field-checks";
import { normaliseDomain } from "@/lib/net/domains";

/** One probe, ready to judge, with what the output echoes. */
export interface Probe {
  readonly from: unknown;
  readonly to: unknown;
  /** The protocol as printed: Calico's spelling of the name, or the number as given. */
  readonly protocol: Protocol;
  readonly port: number | null;
  readonly connection: Connection;
}


/** Parses the probes JSON (an array) and resolves it against `cluster`; every problem at once. */
export function parseProbesFile(text: string, cluster: ClusterModel): Result<Probe[], FieldError[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return err([{ path: "probes", message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  const checks = new FieldChecks();
  if (!Array.isArray(raw)) return err([{ path: "probes", message: `must be a JSON array of probes, got ${describe(raw)}` }]);
  const resolver = new PeerResolver(cluster);
  const probes: Probe[] = [];
  for (const [i, item] of raw.entries()) {
    const probe = readProbe(checks, resolver, item, `probes[${i}]`);
    if (probe !== undefined) probes.push(probe);
  }
  return checks.errors.length > 0 ? err(checks.errors) : ok(probes);
}

/**
 * Reads probes one at a time (the streaming path of `simulate`): the same checks and reference
 * resolution as parseProbesFile, for one parsed element at its index.
 */
export class ProbeReader {
  private readonly resolver: PeerResolver;

  constructor(cluster: ClusterModel) {
    this.resolver = new PeerResolver(cluster);
  }

  /** The probe, or the field errors of element `index` (paths `probes[index]...`). */
  read(item: unknown, index: number): Result<Probe, FieldError[]> {
    const checks = new FieldChecks();
    const probe = readProbe(checks, this.resolver, item, `probes[${index}]`);
    return probe !== undefined && checks.errors.length === 0 ? ok(probe) : err(checks.errors);
  }
}

function readProbe(checks: FieldChecks, resolver: PeerResolver, item: unknown, path: string): Probe | undefined {
  const p = checks.object(item, path);
  if (p === undefined) return undefined;
  const source = p.from === undefined ? checks.fail(`${path}.from`, "required") : resolver.resolve(checks, p.from, `${path}.from`, "source");
  const destination = p.to === undefined ? checks.fail(`${path}.to`, "required") : resolver.resolve(checks, p.to, `${path}.to`, "destination");
  const protocol = readProtocol(checks, p.protocol, `${path}.protocol`);
  if (protocol === undefined) return undefined;
  const name = typeof protocol === "number" ? protocolNameOf(protocol) : protocol;
  const shown = typeof protocol === "number" ? String(protocol) : protocol;
  const ported = name !== undefined && carriesPorts(name);
  let port: number | undefined;
  let sourcePort: number | undefined;
  if (ported) {
    port = p.port === undefined || p.port === null ? checks.fail(`${path}.port`, `required for ${shown}`) : checks.integer(p.port, `${path}.port`, 1, 65535);
    sourcePort = checks.integer(p.sourcePort, `${path}.sourcePort`, 1, 65535);
  } else {
    if (p.port !== undefined && p.port !== null) checks.fail(`${path}.port`, `not allowed for ${shown}, which has no ports`);
    if (p.sourcePort !== undefined && p.sourcePort !== null) checks.fail(`${path}.sourcePort`, `not allowed for ${shown}, which has no ports`);
  }
  const icmp = readIcmp(checks, p.icmp, `${path}.icmp`, isIcmpProtocol(name), shown);
  if (source === undefined || destination === undefined || (ported && port === undefined) || icmp === null) return undefined;
  const connection: Connection = {
    source,
    destination,
    protocol: name ?? protocol,
    ...(port === undefined ? {} : { port }),
    ...(sourcePort === undefined ? {} : { sourcePort }),
    ...(icmp === undefined ? {} : { icmp }),
  };
  return { from: p.from, to: p.to, protocol, port: port ?? null, connection };
}

/** A name (any case) in Calico's spelling, or a number 1-255 (also as a numeric string). */
function readProtocol(checks: FieldChecks, value: unknown, path: string): Protocol | undefined {
  if (value === undefined || value === null) return checks.fail(path, "required");
  if (typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value))) {
    return checks.integer(Number(value), path, 1, 255);
  }
  if (typeof value === "string") {
    const name = protocolNameIgnoringCase(value);
    if (name !== undefined) return name;
  }
  return checks.fail(path, `must be one of ${PROTOCOL_NAMES.join(", ")} or a number from 1 to 255, got ${describe(value)}`);
}

/** undefined: none given; null: invalid (already reported). */
function readIcmp(checks: FieldChecks, value: unknown, path: string, allowed: boolean, shown: string) {
  if (value === undefined || value === null) return undefined;
  if (!allowed) {
    checks.fail(path, `only allowed for ICMP and ICMPv6, not ${shown}`);
    return null;
  }
  const icmp = checks.object(value, path);
  if (icmp === undefined) return null;
  const type = icmp.type === undefined ? checks.fail(`${path}.type`, "required") : checks.integer(icmp.type, `${path}.type`, 0, 255);
  const code = checks.integer(icmp.code, `${path}.code`, 0, 255);
  if (type === undefined || (icmp.code !== undefined && icmp.code !== null && code === undefined)) return null;
  return code === undefined ? { type } : { type, code };
}

/** Turns probe references into engine peers. */
class PeerResolver {
  private readonly workloads = new Map<string, EndpointModel>();
  private readonly hosts = new Map<string, EndpointModel>();
  private readonly byIp = new Map<string, EndpointModel>();

  constructor(cluster: ClusterModel) {
    for (const ep of cluster.endpoints) {
      if (ep.kind === "workload") this.workloads.set(`${ep.namespace}/${ep.name}`, ep);
      else this.hosts.set(ep.name, ep);
      for (const ip of ep.ips) this.byIp.set(ip, ep);
    }
  }

  resolve(checks: FieldChecks, ref: unknown, path: string, side: "source" | "destination"): Peer | undefined {
    if (typeof ref === "string") return this.resolveName(checks, ref, path);
    const obj = checks.object(ref, path);
    if (obj === undefined) return undefined;
    const keys = Object.keys(obj);
    const unknownKey = keys.find((k) => !["ip", "domain", "host"].includes(k));
    if (unknownKey !== undefined) return checks.fail(`${path}.${unknownKey}`, "unknown field (expected ip, domain or host)");
    if (obj.host !== undefined) {
      if (keys.length > 1) return checks.fail(path, "host cannot be combined with ip or domain");
      const name = checks.requiredString(obj.host, `${path}.host`);
      if (name === undefined) return undefined;
      const host = this.hosts.get(name);
      return host === undefined ? checks.fail(`${path}.host`, `unknown host endpoint "${name}"`) : { kind: "endpoint", endpoint: host };
    }
    const ip = obj.ip === undefined ? undefined : checks.ip(obj.ip, `${path}.ip`);
    if (obj.ip !== undefined && ip === undefined) return undefined;
    if (obj.domain !== undefined) {
      if (side === "source") return checks.fail(`${path}.domain`, "a domain can only be a destination");
      const domain = checks.requiredString(obj.domain, `${path}.domain`);
      if (domain === undefined) return undefined;
      return { kind: "external", domain: normaliseDomain(domain), ...(ip === undefined ? {} : { ip }) };
    }
    if (ip === undefined) return checks.fail(path, 'needs "ip", "domain" or "host"');
    const owner = this.byIp.get(ip);
    return owner === undefined ? { kind: "external", ip } : { kind: "endpoint", endpoint: owner, ip };
  }

  private resolveName(checks: FieldChecks, ref: string, path: string): Peer | undefined {
    const slash = ref.indexOf("/");
    if (slash <= 0 || slash === ref.length - 1 || ref.indexOf("/", slash + 1) !== -1) {
      return checks.fail(path, `"${ref}" is not "namespace/name" (or "host/NAME", {"ip": ...}, {"domain": ...})`);
    }
    const workload = this.workloads.get(ref);
    const host = ref.startsWith("host/") ? this.hosts.get(ref.slice(5)) : undefined;
    if (workload !== undefined && host !== undefined) {
      return checks.fail(path, `"${ref}" names both a pod and a host endpoint; use {"host": "${ref.slice(5)}"} for the host`);
    }
    const endpoint = workload ?? host;
    if (endpoint === undefined) return checks.fail(path, `unknown endpoint "${ref}"`);
    return { kind: "endpoint", endpoint };
  }
}
