/**
 * Endpoint, network-set and service compilation: the labels Calico gives each of them, their
 * addresses as numbers, and their default profiles.
 */
import type { GlobalNetworkSet, HostEndpoint, NetworkSet } from "@/lib/calico/types";
import type { FieldError } from "@/lib/errors";
import type { CompiledEndpoint, CompiledNetworkSet, CompiledService } from "@/lib/policy/compiled";
import { compileDomain } from "@/lib/net/domains";
import type { CidrRange, IpAddress } from "@/lib/net/ip";
import { notCidrMessage, parseCidrOrIp, parseIp, toRange } from "@/lib/net/ip";
import { endpointKeyOf } from "@/lib/policy/keys";
import type { EndpointModel, EndpointPortSpec, HostEndpointModel, Labels, NamespaceModel, ServiceModel } from "@/lib/policy/model";
import { protocolNumber } from "@/lib/net/protocols";
import type { LabelClassSpace } from "@/lib/policy/labelled";
import { toLabelMaps } from "@/lib/policy/labelled";

export const LABEL_NAMESPACE = "projectcalico.org/namespace";
export const LABEL_ORCHESTRATOR = "projectcalico.org/orchestrator";
export const LABEL_SERVICE_ACCOUNT = "projectcalico.org/serviceaccount";
export const LABEL_NAME = "projectcalico.org/name";
/** Set by the Kubernetes API server on every namespace (immutable since 1.21). */
export const LABEL_K8S_NS_NAME = "kubernetes.io/metadata.name";

/** Namespace labels as a namespaceSelector sees them (Calico's `pcns.` labels). */
export function namespaceSelectorLabels(ns: NamespaceModel | undefined, name: string): Labels {
  return { [LABEL_K8S_NS_NAME]: name, ...ns?.labels, [LABEL_NAME]: name };
}

function serviceAccountLabels(ns: NamespaceModel | undefined, sa: string | undefined): Labels {
  if (sa === undefined) return {};
  const found = ns?.serviceAccounts?.find((s) => s.name === sa);
  return { ...found?.labels, [LABEL_NAME]: sa };
}

/** The endpoint's label class in `classes` (none when compiled outside a set's class space). */
function classOf(
  classes: LabelClassSpace | undefined,
  namespace: string | undefined,
  labels: Labels,
  nsLabels: Labels,
  saLabels: Labels,
): { classSpace: LabelClassSpace | undefined; classId: number | undefined } {
  // Both keys always present: one object shape for every endpoint (the evaluator's hot path).
  return classes === undefined
    ? { classSpace: undefined, classId: undefined }
    : { classSpace: classes, classId: classes.classOf(namespace, labels, nsLabels, saLabels) };
}

/**
 * Compiles an endpoint. Workload labels get `projectcalico.org/namespace`, `.../orchestrator: k8s`
 * and `.../serviceaccount` (Calico's WorkloadEndpoint converter sets them after the pod labels,
 * so they win). Default profiles: `kns.<ns>` (+ `ksa.<ns>.<sa>`) for workloads, none for hosts.
 * Addresses that do not parse are skipped (reported by buildPolicySet).
 */
export function compileEndpoint(ep: EndpointModel, namespaces: ReadonlyMap<string, NamespaceModel>, classes?: LabelClassSpace): CompiledEndpoint {
  if (ep.kind === "host") return compiledEndpoint(ep, undefined, ep.labels, {}, {}, ep.profiles ?? [], classes);
  const ns = namespaces.get(ep.namespace);
  const labels: Record<string, string> = { ...ep.labels, [LABEL_NAMESPACE]: ep.namespace, [LABEL_ORCHESTRATOR]: "k8s" };
  if (ep.serviceAccount !== undefined) labels[LABEL_SERVICE_ACCOUNT] = ep.serviceAccount;
  const defaultProfiles =
    ep.serviceAccount !== undefined ? [`kns.${ep.namespace}`, `ksa.${ep.namespace}.${ep.serviceAccount}`] : [`kns.${ep.namespace}`];
  const nsLabels = namespaceSelectorLabels(ns, ep.namespace);
  const saLabels = serviceAccountLabels(ns, ep.serviceAccount);
  return compiledEndpoint(ep, ep.namespace, labels, nsLabels, saLabels, ep.profiles ?? defaultProfiles, classes);
}

/**
 * One object literal, without spreads, for every compiled endpoint: one shape with every field
 * stored in the object itself, and the fields evaluate's fast path reads for each connection
 * first (the memos, class, address family), so they share the object's first cache line.
 */
function compiledEndpoint(
  ep: EndpointModel,
  namespace: string | undefined,
  labels: Labels,
  nsLabels: Labels,
  saLabels: Labels,
  profiles: readonly string[],
  classes: LabelClassSpace | undefined,
): CompiledEndpoint {
  const addrs = ep.ips.map((ip) => parseIp(ip.split("/")[0] ?? "")).filter((a): a is IpAddress => a !== undefined);
  const { classSpace, classId } = classOf(classes, namespace, labels, nsLabels, saLabels);
  return {
    applied: undefined,
    classId,
    v4Interval: -1,
    profileId: undefined,
    family: addrs[0]?.version,
    firstV4: addrs.find((a) => a.version === 4),
    classSpace,
    namespace,
    model: ep,
    key: endpointKeyOf(ep),
    labels,
    nsLabels,
    saLabels,
    maps: toLabelMaps(labels, nsLabels, saLabels),
    addrs,
    firstV6: addrs.find((a) => a.version === 6),
    ports: ep.ports ?? [],
    profiles,
  };
}

/** Compiles a NetworkSet (namespaced; gets `projectcalico.org/namespace`) or GlobalNetworkSet. */
export function compileNetworkSet(
  res: NetworkSet | GlobalNetworkSet,
  namespaces: ReadonlyMap<string, NamespaceModel>,
  path: string,
  errors: FieldError[],
): CompiledNetworkSet {
  const nets: CidrRange[] = [];
  (res.spec.nets ?? []).forEach((n, i) => {
    const c = parseCidrOrIp(n);
    if (c !== undefined) nets.push(toRange(c));
    else errors.push({ path: `${path}.spec.nets[${i}]`, message: notCidrMessage(n) });
  });
  const domains = (res.spec.allowedEgressDomains ?? []).map(compileDomain);
  const own = res.metadata.labels ?? {};
  if (res.kind === "GlobalNetworkSet") {
    return { name: res.metadata.name, labels: own, namespace: undefined, nsLabels: {}, saLabels: {}, maps: toLabelMaps(own, {}, {}), nets, domains };
  }
  const nsName = res.metadata.namespace ?? "default";
  const labels = { ...own, [LABEL_NAMESPACE]: nsName };
  const nsLabels = namespaceSelectorLabels(namespaces.get(nsName), nsName);
  return {
    name: `${nsName}/${res.metadata.name}`,
    labels,
    namespace: nsName,
    nsLabels,
    saLabels: {},
    maps: toLabelMaps(labels, nsLabels, {}),
    nets,
    domains,
  };
}

/** Compiles a Service (protocol default TCP, targetPort default = port). */
export function compileService(svc: ServiceModel): CompiledService {
  return {
    namespace: svc.namespace,
    name: svc.name,
    selector: svc.selector,
    clusterIP: svc.clusterIP !== undefined ? parseIp(svc.clusterIP) : undefined,
    ports: svc.ports.map((p) => ({
      port: p.port,
      targetPort: p.targetPort ?? p.port,
      protocol: protocolNumber(p.protocol ?? "TCP") ?? 6,
    })),
  };
}

/**
 * A HostEndpoint resource as an endpoint model: `expectedIPs` are its addresses, its profiles
 * are as given (none by default), and only TCP/UDP/SCTP named ports are kept (the only ones a
 * rule's named port can refer to).
 */
export function hostEndpointToModel(res: HostEndpoint): HostEndpointModel {
  const ports: EndpointPortSpec[] = [];
  for (const p of res.spec.ports ?? []) {
    const proto = typeof p.protocol === "string" ? p.protocol.toUpperCase() : protocolNumber(p.protocol) === 6 ? "TCP" : "";
    if (proto === "TCP" || proto === "UDP" || proto === "SCTP") ports.push({ name: p.name, port: p.port, protocol: proto });
  }
  return {
    kind: "host",
    name: res.metadata.name,
    ...(res.spec.node !== undefined ? { node: res.spec.node } : {}),
    labels: res.metadata.labels ?? {},
    ips: res.spec.expectedIPs ?? [],
    ports,
    ...(res.spec.profiles !== undefined ? { profiles: res.spec.profiles } : {}),
  };
}
