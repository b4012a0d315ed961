/**
 * Reads the simulate command's CLUSTER file (YAML or JSON) into the policy engine's model:
 * namespaces, workload and host endpoints, services, plus network sets declared inline.
 *
 * Kubernetes facts the file need not spell out are filled in as the API server would:
 * every namespace carries `kubernetes.io/metadata.name`; a namespace an endpoint names but the
 * file omits exists with that label only. Endpoints without an address get one from
 * SYNTHETIC_POOL (see syntheticAddresses).
 */
import { parse as parseYaml } from "yaml";
import type { CalicoResource } from "@/lib/calico/types";
import type { FieldError } from "@/lib/errors";
import type { EndpointModel, EndpointPortSpec, HostEndpointModel, NamespaceModel, ServiceModel, WorkloadEndpoint } from "@/lib/policy";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import { FieldChecks } from "@/cli/simulate/field-checks";
import type { Json } from "@/cli/simulate/field-checks";

/** The cluster the probes run against. */
export interface ClusterModel {
  readonly namespaces: readonly NamespaceModel[];
  readonly endpoints: readonly EndpointModel[];
  readonly services: readonly ServiceModel[];
  /** NetworkSet / GlobalNetworkSet resources declared in the cluster file. */
  readonly networkSets: readonly CalicoResource[];
}

/** The label Kubernetes (1.21+) puts on every namespace. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** Synthetic addresses come from 10.244.0.0/16, in file order, skipping any address in use. */
export const SYNTHETIC_POOL = "10.244.0.0/16";

/** Parses and checks a cluster file; all problems come back at once, with `cluster.`-rooted paths. */
export function parseClusterFile(text: string): Result<ClusterModel, FieldError[]> {
  let raw: unknown;
  try {
    raw = text.trim() === "" ? {} : parseYaml(text);
  } catch (e) {
    return err([{ path: "cluster", message: `not valid YAML or JSON: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` }]);
  }
  const checks = new FieldChecks();
  const root = raw === null || raw === undefined ? {} : checks.object(raw, "cluster");
  if (root === undefined) return err(checks.errors);

  const namespaces = new Map<string, { labels: Record<string, string>; serviceAccounts: { name: string; labels: Record<string, string> }[] }>();
  for (const [i, item] of (checks.array(root.namespaces, "cluster.namespaces") ?? []).entries()) {
    const path = `cluster.namespaces[${i}]`;
    const ns = checks.object(item, path);
    if (ns === undefined) continue;
    const name = checks.requiredString(ns.name, `${path}.name`);
    const labels = checks.labels(ns.labels, `${path}.labels`);
    if (name === undefined || labels === undefined) continue;
    if (namespaces.has(name)) checks.fail(`${path}.name`, `namespace "${name}" is listed twice`);
    namespaces.set(name, { labels: { ...labels, [NAMESPACE_NAME_LABEL]: name }, serviceAccounts: [] });
  }
  const ensureNamespace = (name: string) => {
    let ns = namespaces.get(name);
    if (ns === undefined) {
      ns = { labels: { [NAMESPACE_NAME_LABEL]: name }, serviceAccounts: [] };
      namespaces.set(name, ns);
    }
    return ns;
  };

  const drafts: { endpoint: Omit<WorkloadEndpoint, "ips"> | Omit<HostEndpointModel, "ips">; ips: string[] }[] = [];
  const seen = new Set<string>();
  for (const [i, item] of (checks.array(root.endpoints, "cluster.endpoints") ?? []).entries()) {
    const draft = readWorkload(checks, item, `cluster.endpoints[${i}]`);
    if (draft === undefined) continue;
    const key = `${draft.endpoint.namespace}/${draft.endpoint.name}`;
    if (seen.has(key)) checks.fail(`cluster.endpoints[${i}].name`, `endpoint ${key} is listed twice`);
    seen.add(key);
    ensureNamespace(draft.endpoint.namespace);
    drafts.push(draft);
  }
  const hostNames = new Set<string>();
  for (const [i, item] of (checks.array(root.hostEndpoints, "cluster.hostEndpoints") ?? []).entries()) {
    const draft = readHost(checks, item, `cluster.hostEndpoints[${i}]`);
    if (draft === undefined) continue;
    if (hostNames.has(draft.endpoint.name)) checks.fail(`cluster.hostEndpoints[${i}].name`, `host endpoint "${draft.endpoint.name}" is listed twice`);
    hostNames.add(draft.endpoint.name);
    drafts.push(draft);
  }

  for (const [i, item] of (checks.array(root.serviceAccounts, "cluster.serviceAccounts") ?? []).entries()) {
    const path = `cluster.serviceAccounts[${i}]`;
    const sa = checks.object(item, path);
    if (sa === undefined) continue;
    const namespace = checks.requiredString(sa.namespace, `${path}.namespace`);
    const name = checks.requiredString(sa.name, `${path}.name`);
    const labels = checks.labels(sa.labels, `${path}.labels`);
    if (namespace === undefined || name === undefined || labels === undefined) continue;
    ensureNamespace(namespace).serviceAccounts.push({ name, labels });
  }

  const services: ServiceModel[] = [];
  for (const [i, item] of (checks.array(root.services, "cluster.services") ?? []).entries()) {
    const service = readService(checks, item, `cluster.services[${i}]`);
    if (service !== undefined) services.push(service);
  }
  const networkSets = readNetworkSets(checks, root);

  const endpoints = assignAddresses(checks, drafts, services);
  if (checks.errors.length > 0) return err(checks.errors);
  return ok({
    namespaces: [...namespaces].map(([name, ns]) => ({ name, labels: ns.labels, serviceAccounts: ns.serviceAccounts })),
    endpoints,
    services,
    networkSets,
  });
}

function readWorkload(checks: FieldChecks, item: unknown, path: string) {
  const ep = checks.object(item, path);
  if (ep === undefined) return undefined;
  const namespace = checks.requiredString(ep.namespace, `${path}.namespace`);
  const name = checks.requiredString(ep.name, `${path}.name`);
  const labels = checks.labels(ep.labels, `${path}.labels`);
  const ips = readAddresses(checks, ep, path);
  const ports = readPorts(checks, ep.ports, `${path}.ports`);
  const serviceAccount = checks.optionalString(ep.serviceAccount, `${path}.serviceAccount`);
  const node = checks.optionalString(ep.node, `${path}.node`);
  const profiles = ep.profiles === undefined || ep.profiles === null ? undefined : checks.stringList(ep.profiles, `${path}.profiles`);
  if (namespace === undefined || name === undefined || labels === undefined || ips === undefined || ports === undefined) return undefined;
  const endpoint: Omit<WorkloadEndpoint, "ips"> = {
    kind: "workload",
    namespace,
    name,
    labels,
    ...(serviceAccount === undefined ? {} : { serviceAccount }),
    ...(node === undefined ? {} : { node }),
    ...(ports.length === 0 ? {} : { ports }),
    ...(profiles === undefined ? {} : { profiles }),
  };
  return { endpoint, ips: [...ips] };
}

function readHost(checks: FieldChecks, item: unknown, path: string) {
  const ep = checks.object(item, path);
  if (ep === undefined) return undefined;
  const name = checks.requiredString(ep.name, `${path}.name`);
  const labels = checks.labels(ep.labels, `${path}.labels`);
  const ips = readAddresses(checks, ep, path);
  const ports = readPorts(checks, ep.ports, `${path}.ports`);
  const node = checks.optionalString(ep.node, `${path}.node`);
  const profiles = ep.profiles === undefined || ep.profiles === null ? undefined : checks.stringList(ep.profiles, `${path}.profiles`);
  if (name === undefined || labels === undefined || ips === undefined || ports === undefined) return undefined;
  const endpoint: Omit<HostEndpointModel, "ips"> = {
    kind: "host",
    name,
    labels,
    ...(node === undefined ? {} : { node }),
    ...(ports.length === 0 ? {} : { ports }),
    ...(profiles === undefined ? {} : { profiles }),
  };
  return { endpoint, ips: [...ips] };
}

/** `ip: X` or `ips: [X, ...]` (or `expectedIPs`, the HostEndpoint spelling). */
function readAddresses(checks: FieldChecks, ep: Json, path: string): readonly string[] | undefined {
  const out: string[] = [];
  if (ep.ip !== undefined && ep.ip !== null) {
    const ip = checks.ip(ep.ip, `${path}.ip`);
    if (ip === undefined) return undefined;
    out.push(ip);
  }
  for (const field of ["ips", "expectedIPs"] as const) {
    const list = checks.array(ep[field], `${path}.${field}`);
    if (list === undefined) return undefined;
    for (const [i, v] of list.entries()) {
      const ip = checks.ip(v, `${path}.${field}[${i}]`);
      if (ip === undefined) return undefined;
      if (!out.includes(ip)) out.push(ip);
    }
  }
  return out;
}

function readPorts(checks: FieldChecks, value: unknown, path: string): readonly EndpointPortSpec[] | undefined {
  const list = checks.array(value, path);
  if (list === undefined) return undefined;
  const out: EndpointPortSpec[] = [];
  for (const [i, item] of list.entries()) {
    const p = checks.object(item, `${path}[${i}]`);
    if (p === undefined) return undefined;
    const name = checks.requiredString(p.name, `${path}[${i}].name`);
    const port = p.port === undefined ? checks.fail(`${path}[${i}].port`, "required") : checks.integer(p.port, `${path}[${i}].port`, 1, 65535);
    const protocol = readL4Protocol(checks, p.protocol, `${path}[${i}].protocol`);
    if (name === undefined || port === undefined || protocol === undefined) return undefined;
    out.push({ name, port, protocol });
  }
  return out;
}

function readL4Protocol(checks: FieldChecks, value: unknown, path: string): "TCP" | "UDP" | "SCTP" | undefined {
  if (value === undefined || value === null) return "TCP";
  const upper = typeof value === "string" ? value.toUpperCase() : "";
  if (upper === "TCP" || upper === "UDP" || upper === "SCTP") return upper;
  return checks.fail(path, `must be TCP, UDP or SCTP, got ${JSON.stringify(value)}`);
}

function readService(checks: FieldChecks, item: unknown, path: string): ServiceModel | undefined {
  const svc = checks.object(item, path);
  if (svc === undefined) return undefined;
  const namespace = checks.requiredString(svc.namespace, `${path}.namespace`);
  const name = checks.requiredString(svc.name, `${path}.name`);
  const selector = checks.labels(svc.selector, `${path}.selector`);
  const clusterIP = svc.clusterIP === undefined || svc.clusterIP === null ? undefined : checks.ip(svc.clusterIP, `${path}.clusterIP`);
  const ports: ServiceModel["ports"][number][] = [];
  for (const [i, item2] of (checks.array(svc.ports, `${path}.ports`) ?? []).entries()) {
    const pp = `${path}.ports[${i}]`;
    const p = checks.object(item2, pp);
    if (p === undefined) continue;
    const portName = checks.optionalString(p.name, `${pp}.name`);
    const port = p.port === undefined ? checks.fail(`${pp}.port`, "required") : checks.integer(p.port, `${pp}.port`, 1, 65535);
    const targetPort =
      typeof p.targetPort === "string" ? p.targetPort : checks.integer(p.targetPort, `${pp}.targetPort`, 1, 65535);
    const protocol = readL4Protocol(checks, p.protocol, `${pp}.protocol`);
    if (port === undefined || protocol === undefined) continue;
    ports.push({ port, protocol, ...(portName === undefined ? {} : { name: portName }), ...(targetPort === undefined ? {} : { targetPort }) });
  }
  if (namespace === undefined || name === undefined || selector === undefined) return undefined;
  return { namespace, name, selector, ports, ...(clusterIP === undefined ? {} : { clusterIP }) };
}

/**
 * `networkSets: [{name, namespace?, labels?, nets?, allowedEgressDomains?}]`: a namespace makes
 * a NetworkSet, none a GlobalNetworkSet. Same meaning as declaring them in a policies file.
 */
function readNetworkSets(checks: FieldChecks, root: Json): CalicoResource[] {
  const out: CalicoResource[] = [];
  for (const [i, item] of (checks.array(root.networkSets, "cluster.networkSets") ?? []).entries()) {
    const path = `cluster.networkSets[${i}]`;
    const set = checks.object(item, path);
    if (set === undefined) continue;
    const name = checks.requiredString(set.name, `${path}.name`);
    const namespace = checks.optionalString(set.namespace, `${path}.namespace`);
    const labels = checks.labels(set.labels, `${path}.labels`);
    const nets = checks.stringList(set.nets, `${path}.nets`);
    const domains = checks.stringList(set.allowedEgressDomains, `${path}.allowedEgressDomains`);
    if (name === undefined || labels === undefined || nets === undefined || domains === undefined) continue;
    const spec = { nets, ...(domains.length === 0 ? {} : { allowedEgressDomains: domains }) };
    out.push(
      namespace === undefined
        ? { kind: "GlobalNetworkSet", metadata: { name, labels }, spec }
        : { kind: "NetworkSet", metadata: { name, namespace, labels }, spec },
    );
  }
  return out;
}

/**
 * Gives every endpoint its addresses: explicit ones must be unique across the cluster; the rest
 * get the next free address of SYNTHETIC_POOL in file order (workloads first, then hosts), so the
 * same file always yields the same addresses.
 */
function assignAddresses(
  checks: FieldChecks,
  drafts: readonly { endpoint: Omit<WorkloadEndpoint, "ips"> | Omit<HostEndpointModel, "ips">; ips: string[] }[],
  services: readonly ServiceModel[],
): EndpointModel[] {
  const owner = new Map<string, string>();
  for (const svc of services) if (svc.clusterIP !== undefined) owner.set(svc.clusterIP, `service ${svc.namespace}/${svc.name}`);
  for (const { endpoint, ips } of drafts) {
    const who = endpoint.kind === "workload" ? `${endpoint.namespace}/${endpoint.name}` : `host endpoint ${endpoint.name}`;
    for (const ip of ips) {
      const prior = owner.get(ip);
      if (prior !== undefined) checks.fail(`cluster.endpoints`, `address ${ip} of ${who} is already used by ${prior}`);
      owner.set(ip, who);
    }
  }
  let next = 1;
  const nextFree = () => {
    for (;;) {
      if (next >= 65535) throw new Error(`more endpoints than ${SYNTHETIC_POOL} holds`);
      const ip = `10.244.${next >> 8}.${next & 255}`;
      next += 1;
      if ((next - 1) % 256 !== 0 && !owner.has(ip)) return ip;
    }
  };
  return drafts.map(({ endpoint, ips }) => {
    const addresses = ips.length > 0 ? ips : [nextFree()];
    return { ...endpoint, ips: addresses } as EndpointModel; // the draft is an endpoint minus `ips`, which is added here
  });
}
