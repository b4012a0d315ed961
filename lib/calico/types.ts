/**
 * Palisade's model of Calico (`projectcalico.org/v3`) and Kubernetes network-policy resources.
 *
 * One model serves every apiVersion we accept: `crd.projectcalico.org/v1` documents are
 * normalised into it by the parser, and the serialiser always writes v3 (or
 * `networking.k8s.io/v1` for Kubernetes NetworkPolicy). Field names keep the wire spelling.
 *
 * The Kubernetes `networking.k8s.io/v1` NetworkPolicy shares the wire kind `NetworkPolicy` with
 * Calico's; inside Palisade its kind is `KubernetesNetworkPolicy` so that `kind` alone
 * discriminates every resource. The serialiser maps it back.
 *
 * Contract for the rest of the code base: changes here are additive only.
 */

export const ACTIONS = ["Allow", "Deny", "Pass", "Log"] as const;
export type Action = (typeof ACTIONS)[number];

import type { ProtocolName } from "@/lib/net/protocols";
export type { ProtocolName } from "@/lib/net/protocols";
export { PROTOCOL_NAMES } from "@/lib/net/protocols";
/** A protocol by name or by number 1-255 (Calico's numorstring.Protocol). */
export type Protocol = ProtocolName | number;

/** A port: a number, a range `"a:b"`, or a named port (Calico's numorstring.Port). */
export type Port = number | string;

export type PolicyType = "Ingress" | "Egress";

export interface IcmpFields {
  readonly type?: number;
  readonly code?: number;
}

export interface HttpPathMatch {
  readonly exact?: string;
  readonly prefix?: string;
}

export interface HttpMatch {
  readonly methods?: readonly string[];
  readonly paths?: readonly HttpPathMatch[];
}

export interface ServiceAccountMatch {
  readonly names?: readonly string[];
  readonly selector?: string;
}

export interface ServiceMatch {
  readonly name: string;
  readonly namespace?: string;
}

/** Calico's EntityRule: the source or destination of a rule. */
export interface EntityRule {
  readonly nets?: readonly string[];
  readonly notNets?: readonly string[];
  readonly selector?: string;
  readonly notSelector?: string;
  readonly namespaceSelector?: string;
  readonly ports?: readonly Port[];
  readonly notPorts?: readonly Port[];
  readonly serviceAccounts?: ServiceAccountMatch;
  readonly services?: ServiceMatch;
  /** Destination only: exact names and `*.` wildcards. */
  readonly domains?: readonly string[];
}

export interface Rule {
  readonly action: Action;
  readonly protocol?: Protocol;
  readonly notProtocol?: Protocol;
  readonly icmp?: IcmpFields;
  readonly notICMP?: IcmpFields;
  readonly ipVersion?: 4 | 6;
  readonly source?: EntityRule;
  readonly destination?: EntityRule;
  readonly http?: HttpMatch;
  readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> };
}

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly resourceVersion?: string;
  readonly uid?: string;
  readonly creationTimestamp?: string;
  readonly generation?: number;
  /** Kept so that objects exported from a cluster round-trip unchanged (server-owned). */
  readonly generateName?: string;
  readonly deletionTimestamp?: string;
  readonly deletionGracePeriodSeconds?: number;
  readonly finalizers?: readonly string[];
  readonly ownerReferences?: readonly Readonly<Record<string, unknown>>[];
  readonly managedFields?: readonly Readonly<Record<string, unknown>>[];
}

/** Spec shared by NetworkPolicy and GlobalNetworkPolicy (and their staged forms). */
export interface PolicySpec {
  readonly tier?: string;
  readonly order?: number;
  readonly selector?: string;
  readonly serviceAccountSelector?: string;
  /** GlobalNetworkPolicy only. */
  readonly namespaceSelector?: string;
  readonly types?: readonly PolicyType[];
  readonly ingress?: readonly Rule[];
  readonly egress?: readonly Rule[];
  /** GlobalNetworkPolicy only. */
  readonly doNotTrack?: boolean;
  /** GlobalNetworkPolicy only. */
  readonly preDNAT?: boolean;
  /** GlobalNetworkPolicy only. */
  readonly applyOnForward?: boolean;
  readonly performanceHints?: readonly string[];
}

export const STAGED_ACTIONS = ["Set", "Delete", "Learn", "Ignore"] as const;
export type StagedAction = (typeof STAGED_ACTIONS)[number];

export interface StagedPolicySpec extends PolicySpec {
  readonly stagedAction?: StagedAction;
}

// ---- Kubernetes networking.k8s.io/v1 ----

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface K8sNetworkPolicyPort {
  readonly protocol?: "TCP" | "UDP" | "SCTP";
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface K8sNetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

export interface K8sNetworkPolicySpec {
  readonly podSelector: LabelSelector;
  readonly policyTypes?: readonly PolicyType[];
  readonly ingress?: readonly { readonly from?: readonly K8sNetworkPolicyPeer[]; readonly ports?: readonly K8sNetworkPolicyPort[] }[];
  readonly egress?: readonly { readonly to?: readonly K8sNetworkPolicyPeer[]; readonly ports?: readonly K8sNetworkPolicyPort[] }[];
}

// ---- Other Calico resources ----

export interface TierSpec {
  readonly order?: number;
  readonly defaultAction?: "Deny" | "Pass";
}

export interface NetworkSetSpec {
  readonly nets?: readonly string[];
  readonly allowedEgressDomains?: readonly string[];
}

export interface EndpointPort {
  readonly name: string;
  readonly protocol: Protocol;
  readonly port: number;
}

export interface HostEndpointSpec {
  readonly node?: string;
  readonly interfaceName?: string;
  readonly expectedIPs?: readonly string[];
  readonly profiles?: readonly string[];
  readonly ports?: readonly EndpointPort[];
}

export interface IPPoolSpec {
  readonly cidr: string;
  readonly blockSize?: number;
  readonly ipipMode?: "Never" | "Always" | "CrossSubnet";
  readonly vxlanMode?: "Never" | "Always" | "CrossSubnet";
  readonly natOutgoing?: boolean;
  readonly disabled?: boolean;
  readonly disableBGPExport?: boolean;
  readonly nodeSelector?: string;
  readonly allowedUses?: readonly ("Workload" | "Tunnel" | "LoadBalancer")[];
  readonly assignmentMode?: "Automatic" | "Manual";
}

export interface GlobalAlertSpec {
  readonly type?: "UserDefined" | "AnomalyDetection" | "RuleBased";
  readonly summary?: string;
  readonly description: string;
  readonly severity: number;
  readonly period?: string;
  readonly lookback?: string;
  readonly dataSet?: "audit" | "dns" | "flows" | "l7" | "vulnerability" | "waf";
  readonly query?: string;
  readonly aggregateBy?: readonly string[];
  readonly field?: string;
  readonly metric?: "avg" | "max" | "min" | "sum" | "count";
  readonly condition?: "eq" | "not_eq" | "lt" | "lte" | "gt" | "gte";
  readonly threshold?: number;
  readonly substitutions?: readonly { readonly name: string; readonly values: readonly string[] }[];
}

export interface GlobalThreatFeedSpec {
  readonly content?: "IPSet" | "DomainNameSet";
  readonly mode?: "Enabled" | "Disabled";
  readonly description?: string;
  readonly feedType?: "Builtin" | "Custom";
  readonly globalNetworkSet?: { readonly labels?: Readonly<Record<string, string>> };
  readonly pull?: {
    readonly period?: string;
    readonly http: {
      readonly format?: unknown;
      readonly url: string;
      readonly headers?: readonly { readonly name: string; readonly value?: string; readonly valueFrom?: unknown }[];
    };
  };
}

/** FelixConfiguration: the flow-log fields are typed; other fields are kept as they come. */
export interface FelixConfigurationSpec {
  readonly flowLogsFlushInterval?: string;
  readonly dnsLogsFlushInterval?: string;
  readonly flowLogsFileAggregationKindForAllowed?: number;
  readonly flowLogsFileAggregationKindForDenied?: number;
  readonly flowLogsEnableNetworkSets?: boolean;
  readonly flowLogsFileEnabled?: boolean;
  readonly flowLogsCollectTcpStats?: boolean;
  readonly [field: string]: unknown;
}

/**
 * Kubernetes ClusterNetworkPolicy (`policy.networking.k8s.io/v1alpha2`, sigs.k8s.io/network-policy-api),
 * as Calico reads it: `tier` Admin → Calico tier `kube-admin`, Baseline → `kube-baseline`.
 */
export const CNP_TIERS = ["Admin", "Baseline"] as const;
export type CnpTier = (typeof CNP_TIERS)[number];
export const CNP_ACTIONS = ["Accept", "Deny", "Pass"] as const;
export type CnpAction = (typeof CNP_ACTIONS)[number];
/** Pods selected by a namespace selector AND a pod selector (an empty selector selects all). */
export interface CnpNamespacedPod {
  readonly namespaceSelector: LabelSelector;
  readonly podSelector: LabelSelector;
}
/** Exactly one of `number` or `range`. */
export interface CnpPort {
  readonly number?: number;
  readonly range?: { readonly start: number; readonly end: number };
}
/** Exactly one field: a protocol with an optional destination port, or a named destination port. */
export interface CnpProtocol {
  readonly tcp?: { readonly destinationPort?: CnpPort };
  readonly udp?: { readonly destinationPort?: CnpPort };
  readonly sctp?: { readonly destinationPort?: CnpPort };
  readonly destinationNamedPort?: string;
}
/** Exactly one field. */
export interface CnpIngressPeer {
  readonly namespaces?: LabelSelector;
  readonly pods?: CnpNamespacedPod;
}
/** Exactly one field; `nodes` and `domainNames` are experimental upstream (Calico does not act on them). */
export interface CnpEgressPeer extends CnpIngressPeer {
  readonly networks?: readonly string[];
  readonly nodes?: LabelSelector;
  readonly domainNames?: readonly string[];
}
export interface CnpIngressRule {
  readonly name?: string;
  readonly action: CnpAction;
  readonly from: readonly CnpIngressPeer[];
  readonly protocols?: readonly CnpProtocol[];
}
export interface CnpEgressRule {
  readonly name?: string;
  readonly action: CnpAction;
  readonly to: readonly CnpEgressPeer[];
  readonly protocols?: readonly CnpProtocol[];
}
export interface ClusterNetworkPolicySpec {
  readonly tier: CnpTier;
  /** 0–1000, lower first; Calico uses it as the policy order in the tier. */
  readonly priority: number;
  /** Exactly one of namespaces / pods. */
  readonly subject: { readonly namespaces?: LabelSelector; readonly pods?: CnpNamespacedPod };
  readonly ingress?: readonly CnpIngressRule[];
  readonly egress?: readonly CnpEgressRule[];
}

interface Base<K extends string, S> {
  readonly kind: K;
  readonly metadata: ObjectMeta;
  readonly spec: S;
}

export type Tier = Base<"Tier", TierSpec>;
export type NetworkPolicy = Base<"NetworkPolicy", PolicySpec>;
export type GlobalNetworkPolicy = Base<"GlobalNetworkPolicy", PolicySpec>;
export type StagedNetworkPolicy = Base<"StagedNetworkPolicy", StagedPolicySpec>;
export type StagedGlobalNetworkPolicy = Base<"StagedGlobalNetworkPolicy", StagedPolicySpec>;
export type KubernetesNetworkPolicy = Base<"KubernetesNetworkPolicy", K8sNetworkPolicySpec>;
export type StagedKubernetesNetworkPolicy = Base<
  "StagedKubernetesNetworkPolicy",
  K8sNetworkPolicySpec & { readonly stagedAction?: StagedAction }
>;
export type ClusterNetworkPolicy = Base<"ClusterNetworkPolicy", ClusterNetworkPolicySpec>;
export type NetworkSet = Base<"NetworkSet", NetworkSetSpec>;
export type GlobalNetworkSet = Base<"GlobalNetworkSet", NetworkSetSpec>;
export type GlobalAlert = Base<"GlobalAlert", GlobalAlertSpec>;
/** What the feed sync writes back (Calico Enterprise's GlobalThreatFeedStatus). */
export interface GlobalThreatFeedStatus {
  readonly lastSuccessfulSync?: string;
  readonly lastSuccessfulSearch?: string;
  readonly errorConditions?: readonly { readonly type: string; readonly message: string }[];
}
export type GlobalThreatFeed = Base<"GlobalThreatFeed", GlobalThreatFeedSpec> & { readonly status?: GlobalThreatFeedStatus };
export type HostEndpoint = Base<"HostEndpoint", HostEndpointSpec>;
export type IPPool = Base<"IPPool", IPPoolSpec>;
export type FelixConfiguration = Base<"FelixConfiguration", FelixConfigurationSpec>;

/** Every resource the policy engine understands. `kind` discriminates. */
export type CalicoResource =
  | Tier
  | NetworkPolicy
  | GlobalNetworkPolicy
  | StagedNetworkPolicy
  | StagedGlobalNetworkPolicy
  | KubernetesNetworkPolicy
  | StagedKubernetesNetworkPolicy
  | ClusterNetworkPolicy
  | NetworkSet
  | GlobalNetworkSet
  | GlobalAlert
  | GlobalThreatFeed
  | HostEndpoint
  | IPPool
  | FelixConfiguration;

export type ResourceKind = CalicoResource["kind"];

export const RESOURCE_KINDS = [
  "Tier",
  "NetworkPolicy",
  "GlobalNetworkPolicy",
  "StagedNetworkPolicy",
  "StagedGlobalNetworkPolicy",
  "KubernetesNetworkPolicy",
  "StagedKubernetesNetworkPolicy",
  "ClusterNetworkPolicy",
  "NetworkSet",
  "GlobalNetworkSet",
  "GlobalAlert",
  "GlobalThreatFeed",
  "HostEndpoint",
  "IPPool",
  "FelixConfiguration",
] as const satisfies readonly ResourceKind[];

/** Kinds whose objects live in a namespace. */
export const NAMESPACED_KINDS: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  "NetworkPolicy",
  "StagedNetworkPolicy",
  "KubernetesNetworkPolicy",
  "StagedKubernetesNetworkPolicy",
  "NetworkSet",
]);

export type ResourceOfKind<K extends ResourceKind> = Extract<CalicoResource, { kind: K }>;
