/**
 * The traffic model: which workloads talk to what, how often and how much. A model is pure data;
 * simulate.ts turns it into flow and DNS logs for one interval.
 */
import type { GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import type { EndpointModel, NamespaceModel, ServiceModel } from "@/lib/policy";

/**
 * A workload: the pods of namespace `namespace` whose `app` (or `k8s-app`) label is `workload`,
 * or the bare pod named `workload`.
 */
export interface WorkloadRef {
  readonly kind: "workload";
  readonly namespace: string;
  readonly workload: string;
}

/** An address outside the cluster. */
export interface ExternalSource {
  readonly kind: "external";
  readonly ip: string;
}

export type TrafficSource = WorkloadRef | ExternalSource;

export type TrafficTarget =
  /** A Service port; the connection lands on a backing pod's targetPort. */
  | { readonly kind: "service"; readonly namespace: string; readonly name: string; readonly port: number }
  /** A pod port directly. */
  | (WorkloadRef & { readonly port: number })
  /** Outside the cluster; with `domain`, the client looks the name up first (a DNS log). */
  | { readonly kind: "external"; readonly ip: string; readonly port: number; readonly domain?: string };

/** One recurring conversation. */
export interface Conversation {
  /** Stable id, e.g. `boutique/frontend->cartservice`. */
  readonly id: string;
  /** The demo application it belongs to (for docs and filtering). */
  readonly app: string;
  readonly source: TrafficSource;
  readonly target: TrafficTarget;
  readonly protocol: "TCP" | "UDP";
  /** Mean new connections per minute (each source pod shares it). */
  readonly ratePerMinute: number;
  /** Mean bytes the client sends / receives per connection. */
  readonly requestBytes: number;
  readonly responseBytes: number;
}

/** The cluster's DNS service, which every client workload queries. */
export interface DnsServiceRef {
  readonly namespace: string;
  readonly name: string;
  readonly port: number;
}

export interface TrafficModel {
  readonly conversations: readonly Conversation[];
  /** When set, every workload that starts conversations also queries this DNS service. */
  readonly dnsService?: DnsServiceRef;
  /** DNS queries per minute per client workload, besides one per connection to a domain. */
  readonly dnsRatePerMinute?: number;
}

/** What the simulator needs to know about the cluster. */
export interface SimulationCluster {
  readonly namespaces: readonly NamespaceModel[];
  readonly endpoints: readonly EndpointModel[];
  readonly services: readonly ServiceModel[];
  /** Network sets; external addresses inside one are reported as type `ns` with the set's name. */
  readonly networkSets?: readonly (NetworkSet | GlobalNetworkSet)[];
}
