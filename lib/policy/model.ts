/**
 * The policy engine's view of a cluster: endpoints, namespaces, services, and the connection
 * tuples we judge, plus the verdict and trace shapes the engine returns.
 *
 * These are view types, not wire types: the CLI, the server and the demo cluster build them from
 * Pods / HostEndpoints / Namespaces / Services (see lib/calico/types.ts for the wire model).
 */
import type { Action, Protocol } from "@/lib/calico/types";

/** Label map of an endpoint, namespace, service account or network set. */
export type Labels = Readonly<Record<string, string>>;

/** A named port an endpoint exposes (pod containerPort with a name, HostEndpoint `ports`). */
export interface EndpointPortSpec {
  readonly name: string;
  readonly port: number;
  readonly protocol: "TCP" | "UDP" | "SCTP";
}

/** A pod (Calico WorkloadEndpoint). */
export interface WorkloadEndpoint {
  readonly kind: "workload";
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  /** Pod IPs (IPv4 and/or IPv6), without prefix length. */
  readonly ips: readonly string[];
  readonly serviceAccount?: string;
  readonly node?: string;
  readonly ports?: readonly EndpointPortSpec[];
  /**
   * Calico profiles of the endpoint, applied when no policy decides. Default: `["kns.<namespace>"]`
   * (plus the labels-only `ksa.<namespace>.<sa>`), as Calico's Kubernetes datastore gives every pod.
   * `[]` means no profile at all, so traffic no policy decides is denied.
   */
  readonly profiles?: readonly string[];
}

/** A Calico HostEndpoint (traffic to/from the host itself; see DESIGN.md for forwarding). */
export interface HostEndpointModel {
  readonly kind: "host";
  readonly name: string;
  readonly node?: string;
  readonly labels: Labels;
  readonly ips: readonly string[];
  readonly ports?: readonly EndpointPortSpec[];
  /** Default `[]`: a host endpoint without profiles denies what no policy allows. */
  readonly profiles?: readonly string[];
}

export type EndpointModel = WorkloadEndpoint | HostEndpointModel;

export interface ServiceAccountModel {
  readonly name: string;
  readonly labels: Labels;
}

export interface NamespaceModel {
  readonly name: string;
  readonly labels: Labels;
  readonly serviceAccounts?: readonly ServiceAccountModel[];
}

/** A Kubernetes Service, for rules with `destination.services` / `source.services`. */
export interface ServiceModel {
  readonly namespace: string;
  readonly name: string;
  /** The Service's pod selector (`spec.selector`); a Service without selector has no endpoints here. */
  readonly selector: Labels;
  readonly clusterIP?: string;
  readonly ports: readonly {
    readonly name?: string;
    readonly port: number;
    /** Number or the name of a pod port; default: `port`. */
    readonly targetPort?: number | string;
    /** Default TCP. */
    readonly protocol?: "TCP" | "UDP" | "SCTP";
  }[];
}

/**
 * One side of a connection. An endpoint peer may name the address it uses (`ip`); otherwise its
 * first address of the connection's IP family is used. An external peer whose `ip` belongs to a
 * known endpoint is treated as that endpoint.
 */
export type Peer =
  | { readonly kind: "endpoint"; readonly endpoint: EndpointModel; readonly ip?: string }
  | { readonly kind: "external"; readonly ip?: string; readonly domain?: string };

/** L7 request info; only rules with an `http` match look at it. */
export interface HttpRequestInfo {
  readonly method: string;
  readonly path: string;
}

/** A connection tuple to judge (the first packet of a flow, after DNAT to a pod). */
export interface Connection {
  readonly source: Peer;
  readonly destination: Peer;
  readonly protocol: Protocol;
  readonly port?: number;
  readonly sourcePort?: number;
  readonly icmp?: { readonly type: number; readonly code?: number };
  readonly http?: HttpRequestInfo;
}

/** Why a direction ended the way it did. */
export type VerdictReason =
  /** An Allow or Deny rule matched (`tier`, `policy`, `rule` set). */
  | "rule"
  /** Policies of `tier` applied but none matched: the tier's defaultAction Deny. */
  | "endOfTier"
  /** No policy applied in this direction: the endpoint's profiles decided (`profile` set). */
  | "noPolicy"
  /** Policies applied, but every tier passed: the profiles decided (`profile` set). */
  | "passedOutOfLastTier";

export type TraceStep =
  /** A rule matched: Log (evaluation continues), Allow/Deny (decides), Pass (next tier). */
  | {
      readonly kind: "rule";
      readonly tier: string;
      readonly policy: string;
      readonly namespace?: string;
      readonly staged: boolean;
      readonly rule: number;
      readonly action: Action;
    }
  /** A policy applied to the endpoint but none of its rules matched. */
  | {
      readonly kind: "noMatch";
      readonly tier: string;
      readonly policy: string;
      readonly namespace?: string;
      readonly staged: boolean;
    }
  /**
   * End of a tier whose policies applied and did not decide. `policy` names the tier's first
   * applicable policy, which Calico's flow logs report with rule index -1 for the tier default.
   */
  | {
      readonly kind: "endOfTier";
      readonly tier: string;
      readonly action: "Deny" | "Pass";
      readonly policy?: string;
      readonly namespace?: string;
      readonly staged?: boolean;
    }
  /** A profile was consulted (`kns.<ns>` allows; unknown profiles allow nothing). */
  | { readonly kind: "profile"; readonly profile: string; readonly action: "Allow" | "NoMatch" }
  /** Nothing allowed the packet after the profiles: Calico's final drop. */
  | { readonly kind: "defaultDeny" };

/** The outcome of one direction (egress at the source, ingress at the destination). */
export interface DirectionVerdict {
  readonly action: "Allow" | "Deny";
  readonly reason: VerdictReason;
  /** The deciding tier (rule, endOfTier). */
  readonly tier?: string;
  /** The deciding policy's display name (`default.centos`, `knp.default.x`, `staged:...`). */
  readonly policy?: string;
  readonly namespace?: string;
  /** Index of the deciding rule within the policy's ingress or egress list. */
  readonly rule?: number;
  readonly ruleAction?: Action;
  /** The deciding profile (reason noPolicy / passedOutOfLastTier, when a profile allowed). */
  readonly profile?: string;
  readonly trace: readonly TraceStep[];
}

/** Enforced verdict, plus the pending one computed as if every staged policy were enforced. */
export interface Verdict {
  readonly allowed: boolean;
  /** null when the source is not a cluster endpoint (nothing enforces egress there). */
  readonly egress: DirectionVerdict | null;
  /** null when the destination is not a cluster endpoint. */
  readonly ingress: DirectionVerdict | null;
  readonly staged: {
    readonly allowed: boolean;
    readonly egress: DirectionVerdict | null;
    readonly ingress: DirectionVerdict | null;
  };
}
