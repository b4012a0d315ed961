/**
 * The resource table of the HTTP API: URL plural ↔ Palisade kind ↔ wire apiVersion/kind ↔
 * namespaced. Route handlers resolve `[resource]` through it; the UI uses it to label kinds.
 */
import type { ClusterKind, ClusterObject, CoreObject } from "@/lib/cluster/backend";
import type { CalicoResource } from "@/lib/calico";
import { toWireObject as toCalicoWireObject } from "@/lib/calico";

export interface ResourceType {
  /** URL segment, lower-case plural (`networkpolicies`). */
  readonly plural: string;
  /** Palisade's kind (the discriminant in lib/calico/types.ts and lib/cluster/backend.ts). */
  readonly kind: ClusterKind;
  /** apiVersion written on the wire. */
  readonly apiVersion: "projectcalico.org/v3" | "networking.k8s.io/v1" | "policy.networking.k8s.io/v1alpha2" | "v1";
  /** kind written on the wire (KubernetesNetworkPolicy is `NetworkPolicy` of networking.k8s.io/v1). */
  readonly wireKind: string;
  readonly namespaced: boolean;
  /** Whether it is a Calico / Kubernetes network-policy resource (shown in the Resources browser). */
  readonly group: "calico" | "core";
  /** Short human label. */
  readonly label: string;
}

function t(
  plural: string,
  kind: ClusterKind,
  apiVersion: ResourceType["apiVersion"],
  namespaced: boolean,
  label: string,
  wireKind: string = kind,
): ResourceType {
  return { plural, kind, apiVersion, wireKind, namespaced, group: apiVersion === "v1" ? "core" : "calico", label };
}

const V3 = "projectcalico.org/v3";

/** Every resource type the API serves, in the order the UI lists them. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  t("tiers", "Tier", V3, false, "Tiers"),
  t("networkpolicies", "NetworkPolicy", V3, true, "Network policies"),
  t("globalnetworkpolicies", "GlobalNetworkPolicy", V3, false, "Global network policies"),
  t("stagednetworkpolicies", "StagedNetworkPolicy", V3, true, "Staged network policies"),
  t("stagedglobalnetworkpolicies", "StagedGlobalNetworkPolicy", V3, false, "Staged global network policies"),
  t("kubernetesnetworkpolicies", "KubernetesNetworkPolicy", "networking.k8s.io/v1", true, "Kubernetes network policies", "NetworkPolicy"),
  t("stagedkubernetesnetworkpolicies", "StagedKubernetesNetworkPolicy", V3, true, "Staged Kubernetes network policies"),
  t("clusternetworkpolicies", "ClusterNetworkPolicy", "policy.networking.k8s.io/v1alpha2", false, "Kubernetes cluster network policies"),
  t("networksets", "NetworkSet", V3, true, "Network sets"),
  t("globalnetworksets", "GlobalNetworkSet", V3, false, "Global network sets"),
  t("globalalerts", "GlobalAlert", V3, false, "Global alerts"),
  t("globalthreatfeeds", "GlobalThreatFeed", V3, false, "Global threat feeds"),
  t("hostendpoints", "HostEndpoint", V3, false, "Host endpoints"),
  t("ippools", "IPPool", V3, false, "IP pools"),
  t("felixconfigurations", "FelixConfiguration", V3, false, "Felix configurations"),
  t("namespaces", "Namespace", "v1", false, "Namespaces"),
  t("pods", "Pod", "v1", true, "Pods"),
  t("services", "Service", "v1", true, "Services"),
  t("serviceaccounts", "ServiceAccount", "v1", true, "Service accounts"),
  t("configmaps", "ConfigMap", "v1", true, "Config maps"),
  t("secrets", "Secret", "v1", true, "Secrets"),
];

const BY_PLURAL: ReadonlyMap<string, ResourceType> = new Map(RESOURCE_TYPES.map((r) => [r.plural, r]));
const BY_KIND: ReadonlyMap<ClusterKind, ResourceType> = new Map(RESOURCE_TYPES.map((r) => [r.kind, r]));

/** The resource type for a URL plural, or undefined for an unknown one. */
export function resourceTypeForPlural(plural: string): ResourceType | undefined {
  return BY_PLURAL.get(plural);
}

/** The resource type of a kind. Every ClusterKind has one (asserted by resources.test.ts). */
export function resourceTypeForKind(kind: ClusterKind): ResourceType {
  const found = BY_KIND.get(kind);
  if (found === undefined) throw new Error(`no resource type for kind ${kind}`);
  return found;
}

/** The Calico and Kubernetes network-security kinds (the Resources browser's list). */
export const CALICO_RESOURCE_TYPES: readonly ResourceType[] = RESOURCE_TYPES.filter((r) => r.group === "calico");

/** An object as written on the wire: `apiVersion` plus the wire kind, fields otherwise unchanged. */
export type WireObject = Readonly<Record<string, unknown>> & {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ClusterObject["metadata"];
};

/**
 * Converts a backend object to its wire form: adds apiVersion and maps KubernetesNetworkPolicy
 * back to `networking.k8s.io/v1` NetworkPolicy, so a client can PUT back what it GOT.
 */
export function toWireObject(obj: ClusterObject): WireObject {
  const type = resourceTypeForKind(obj.kind);
  if (type.group === "calico") {
    // lib/calico owns the Calico wire form (apiVersion, kind mapping, stable key order).
    const wire = toCalicoWireObject(obj as CalicoResource); // group "calico" rows are exactly the CalicoResource kinds
    return { ...wire, apiVersion: type.apiVersion, kind: type.wireKind, metadata: wire["metadata"] as ClusterObject["metadata"] }; // serialize.ts copies metadata, reordered
  }
  const { kind: _kind, metadata, ...rest } = obj as CoreObject; // group "core" rows are exactly the CoreObject kinds
  // apiVersion, kind, metadata first: the order kubectl prints and people expect in YAML.
  return { apiVersion: type.apiVersion, kind: type.wireKind, metadata, ...rest };
}
