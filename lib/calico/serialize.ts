/**
 * Model → wire. Calico kinds are written as `projectcalico.org/v3`; KubernetesNetworkPolicy goes
 * back to `networking.k8s.io/v1` NetworkPolicy. Known keys come out in a fixed order (the order
 * of Calico's Go structs); user maps (labels, annotations, matchLabels) keep their own order;
 * keys the schema does not know (FelixConfiguration extras) follow in their original order.
 */
import { stringify } from "yaml";
import type { CalicoResource } from "@/lib/calico/types";
import { isWireObject } from "@/lib/calico/field-checks";
import { CALICO_API_VERSION, K8S_NETWORKING_API_VERSION, K8S_POLICY_API_VERSION } from "@/lib/calico/validate";
import { META_FIELDS } from "@/lib/calico/validate-meta";

const KEY_ORDER: readonly string[] = [
  "apiVersion", "kind", "metadata", "spec",
  ...META_FIELDS,
  // policy specs
  "tier", "order", "selector", "serviceAccountSelector", "namespaceSelector", "podSelector", "types", "policyTypes", "stagedAction",
  "ingress", "egress", "doNotTrack", "preDNAT", "applyOnForward", "performanceHints",
  // rules and entity rules
  "action", "ipVersion", "protocol", "icmp", "notProtocol", "notICMP", "source", "destination", "from", "to", "http",
  "nets", "notNets", "notSelector", "ports", "notPorts", "serviceAccounts", "services", "domains",
  "type", "code", "methods", "paths", "exact", "prefix", "names", "matchExpressions", "key", "operator", "values",
  "port", "endPort", "ipBlock", "cidr", "except",
  // other kinds
  "defaultAction", "allowedEgressDomains", "node", "interfaceName", "expectedIPs", "profiles",
  "blockSize", "ipipMode", "vxlanMode", "natOutgoing", "disabled", "disableBGPExport", "nodeSelector", "allowedUses", "assignmentMode",
  "summary", "description", "severity", "period", "lookback", "dataSet", "query", "aggregateBy", "field", "metric", "condition", "threshold", "substitutions",
  "content", "mode", "feedType", "globalNetworkSet", "pull", "format", "url", "headers", "value", "valueFrom",
  // ClusterNetworkPolicy
  "priority", "subject", "namespaces", "pods", "protocols", "tcp", "udp", "sctp", "destinationPort", "destinationNamedPort",
  "number", "range", "start", "end", "networks", "nodes", "domainNames",
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));
/** Maps whose keys are user data: never reordered. */
const USER_MAPS = new Set(["labels", "annotations", "matchLabels"]);

function ordered(value: unknown, parentKey: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, undefined));
  if (!isWireObject(value)) return value;
  if (parentKey !== undefined && USER_MAPS.has(parentKey)) return { ...value };
  const keys = Object.keys(value);
  const known = keys.filter((k) => RANK.has(k)).sort((a, b) => (RANK.get(a) ?? 0) - (RANK.get(b) ?? 0));
  const unknown = keys.filter((k) => !RANK.has(k));
  const out: Record<string, unknown> = {};
  for (const k of [...known, ...unknown]) if (value[k] !== undefined) out[k] = ordered(value[k], k);
  return out;
}

/** The wire object for a resource (apiVersion, wire kind, metadata, spec, and a threat feed's status), keys in stable order. */
export function toWireObject(resource: CalicoResource): Record<string, unknown> {
  const isK8s = resource.kind === "KubernetesNetworkPolicy";
  const wire = {
    apiVersion: isK8s ? K8S_NETWORKING_API_VERSION : resource.kind === "ClusterNetworkPolicy" ? K8S_POLICY_API_VERSION : CALICO_API_VERSION,
    kind: isK8s ? "NetworkPolicy" : resource.kind,
    metadata: resource.metadata,
    spec: resource.spec,
    // A GlobalThreatFeed's status (written by the feed sync) is served as the API server serves it.
    ...(resource.kind === "GlobalThreatFeed" && resource.status !== undefined ? { status: resource.status } : {}),
  };
  // Safe: `ordered` of an object is an object.
  return ordered(wire, undefined) as Record<string, unknown>;
}

/** Serialises resources as multi-document YAML (`---` between documents). */
export function toYaml(resources: readonly CalicoResource[]): string {
  return resources.map((r) => stringify(toWireObject(r), { lineWidth: 0 })).join("---\n");
}

/** Serialises one resource as JSON, or several as a JSON array; 2-space indentation. */
export function toJson(resources: CalicoResource | readonly CalicoResource[]): string {
  const value = Array.isArray(resources) ? resources.map((r: CalicoResource) => toWireObject(r)) : toWireObject(resources as CalicoResource);
  return JSON.stringify(value, null, 2);
}
