/**
 * The recommender's input and output shapes: the cluster view it reads (the same models the policy
 * engine and the simulator use), options, and the evidence each proposed rule carries.
 */
import type { GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import type { DnsLog } from "@/lib/flows";
import type { NamespaceModel, ServiceModel, WorkloadEndpoint } from "@/lib/policy";

/** What the recommender needs to know about a cluster (a subset of lib/traffic's ClusterModels). */
export interface RecommendCluster {
  readonly namespaces: readonly NamespaceModel[];
  readonly endpoints: readonly WorkloadEndpoint[];
  readonly services: readonly ServiceModel[];
  readonly networkSets: readonly (NetworkSet | GlobalNetworkSet)[];
}

/**
 * Which bucket a rule comes from, in the order rules are written (Calico PRE's buckets, plus the
 * finer workload buckets of the single-workload wizard):
 * Dns (egress to kube-dns), Service, Workload (same namespace), Namespace (a workload or a whole
 * namespace elsewhere), NetworkSet, Domains, Cidr (/32, /128), Private (RFC 1918), Public (mop-up).
 */
export const RULE_SCOPES = ["Dns", "Service", "Workload", "Namespace", "NetworkSet", "Domains", "Cidr", "Private", "Public"] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

export type RuleDirection = "ingress" | "egress";

/** Why a rule is there: the observed allowed flows it covers. */
export interface RuleEvidence {
  readonly direction: RuleDirection;
  /** Index of the rule in the policy's ingress or egress list. */
  readonly index: number;
  readonly scope: RuleScope;
  /** Calico protocol name (`TCP`) or number as text. */
  readonly protocol: string;
  /** Destination ports seen, ascending; empty when a flow had no port (any port allowed). */
  readonly ports: readonly number[];
  /** Sum of num_flows over the covered records. */
  readonly flows: number;
  /** Number of flow-log records covered. */
  readonly records: number;
  /** Earliest record start and latest record end, UNIX seconds. */
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** The remote peers covered, as `ns/workload`, set names, domains or addresses; sorted. */
  readonly peers: readonly string[];
  /** The local workloads covered (namespace isolation: every workload of the namespace seen). */
  readonly locals: readonly string[];
  /** One line for people: `egress TCP 7070 to service default/cartservice`. */
  readonly summary: string;
}

/** A proposed policy with the evidence of each of its rules. */
export interface Recommendation<P> {
  readonly policy: P;
  /** Ingress evidence first, then egress, each in rule order. */
  readonly evidence: readonly RuleEvidence[];
  /** Allowed flows of the range that produced a rule. */
  readonly flowsUsed: number;
  /** Allowed flows of the scope the recommender could not express (unknown protocol…). */
  readonly flowsSkipped: number;
  /** Earliest and latest time a used flow was seen (UNIX seconds); undefined when none. */
  readonly firstSeen?: number;
  readonly lastSeen?: number;
}

/** Options shared by both entry points. */
export interface RecommendOptions {
  /**
   * When given (UNIX seconds), written as `policyrecommendation.tigera.io/lastUpdated` on the
   * policy and its rules. Leave it out for byte-identical output from identical flows.
   */
  readonly now?: number;
  /** DNS logs of the range: a workload that resolved names gets the kube-dns egress rules. */
  readonly dnsLogs?: readonly DnsLog[];
  /** Cluster DNS domain suffix whose names never become domain rules (default `cluster.local`). */
  readonly clusterDomain?: string;
}
