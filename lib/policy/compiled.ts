/**
 * The compiled policy set: what buildPolicySet produces and evaluate reads. The public part
 * (tiers, policies, endpoints) is for display; the rest is internal indexes.
 */
import type { Action, CalicoResource, PolicyType, StagedAction } from "@/lib/calico/types";
import type { CidrRange, IpAddress } from "@/lib/net/ip";
import type { LabelClassSpace, LabelRequirement, Labelled, LabelledPredicate } from "@/lib/policy/labelled";
import type { PolicyKey, PolicyResourceKind } from "@/lib/policy/keys";
import type { DecidedIndex } from "@/lib/policy/decided-index";
import type { DomainPattern } from "@/lib/net/domains";
import type { PortMatcher } from "@/lib/net/ports";
import type { EndpointModel, EndpointPortSpec, NamespaceModel, ServiceModel, TraceStep } from "@/lib/policy/model";

/** Input of buildPolicySet. */
export interface PolicySetInput {
  readonly namespaces: readonly NamespaceModel[];
  readonly endpoints: readonly EndpointModel[];
  /**
   * Tiers, (staged) policies, Kubernetes NetworkPolicies, network sets, and HostEndpoints (added
   * to `endpoints` unless a host endpoint model of the same name is given); other kinds are ignored.
   */
  readonly resources: readonly CalicoResource[];
  /** Kubernetes Services, for rules with `services`. */
  readonly services?: readonly ServiceModel[];
}

export interface TierSummary {
  readonly name: string;
  /** Effective order (the default tier defaults to 1,000,000); undefined = after every ordered tier. */
  readonly order: number | undefined;
  readonly defaultAction: "Deny" | "Pass";
}

export interface PolicySummary {
  readonly key: PolicyKey;
  readonly kind: PolicyResourceKind;
  readonly name: string;
  readonly namespace?: string;
  readonly tier: string;
  readonly order: number | undefined;
  /** Calico's display name: `default.centos`, `knp.default.x`, `staged:security.foo`. */
  readonly displayName: string;
  readonly staged: boolean;
  readonly stagedAction?: StagedAction;
  /** Effective types after Calico's defaulting. */
  readonly types: readonly PolicyType[];
  /** doNotTrack / preDNAT policies are compiled but never evaluated (see DESIGN.md). */
  readonly evaluated: boolean;
}

/** Immutable result of buildPolicySet. Pass it to evaluate / computeImpact / endpointsSelectedBy. */
export interface CompiledPolicySet {
  /** Tiers in evaluation order. */
  readonly tiers: readonly TierSummary[];
  /** Enforced and staged policies in evaluation order (tier, then order, then name). */
  readonly policies: readonly PolicySummary[];
  readonly endpoints: readonly EndpointModel[];
  /** Internal indexes; not part of the API. */
  readonly internal: CompiledInternals;
}

// ---- internal ----

export interface CompiledEndpoint extends Labelled {
  readonly model: EndpointModel;
  readonly key: string;
  readonly addrs: readonly IpAddress[];
  /** First IPv4 / IPv6 address, and the family of the first address (undefined: no address). */
  readonly firstV4: IpAddress | undefined;
  readonly firstV6: IpAddress | undefined;
  readonly family: 4 | 6 | undefined;
  readonly ports: readonly EndpointPortSpec[];
  readonly profiles: readonly string[];
  /** Memo: the plans of the policies that apply to it, filled on first evaluation. */
  applied: AppliedPlans | undefined;
  /** Memo: the interned id of `profiles` (CompiledInternals.profileIds), filled on first use. */
  profileId: number | undefined;
  /** Memo: the global interval (GlobalBounds.addrs) of `firstV4`; -1 until first use. */
  v4Interval: number;
}

/**
 * The tiers and policies that apply, per view and direction, for one set of applicable policies
 * (shared by every endpoint it applies to).
 */
export interface AppliedPlans {
  /** Dense id within the set (DecidedIndex.plans): keys the decided-results index. */
  readonly id: number;
  /** Slots: 0 enforced ingress, 1 enforced egress, 2 pending ingress, 3 pending egress. */
  readonly plans: readonly (readonly TierPlan[])[];
  /** The rule pre-filter of each plan, same slots. */
  readonly filters: readonly RuleFilter[];
  /** Per direction (0 ingress, 1 egress): first tier-plan index where pending differs from enforced. */
  readonly pendingDiffAt: readonly number[];
  /** Per direction (0 ingress, 1 egress): decided entries (evaluate.ts), by candidate-mask hash. */
  readonly decided: readonly Map<number, DecidedEntry[]>[];
  /**
   * Per direction: every pending policy with rules in that direction is in the enforced plan, so
   * the pending candidate vector follows from the enforced one (evaluate.ts pendingFollowsEnforced).
   * The enforced filter's (port, source, destination) cell triple then determines the whole
   * candidate vector, and the set's DecidedIndex finds the entry by it with no mask read.
   */
  readonly pendingFollows: readonly boolean[];
  /**
   * Per direction, when the pending plan differs and follows the enforced one: each pending
   * policy's index in the enforced plan (-1: no rules), so the pending walk reads the enforced
   * filter's masks (evaluate.ts maskPlaces).
   */
  readonly pendingMaskAt: readonly (Int32Array | undefined)[];
}

/**
 * Decided results of one direction of one AppliedPlans for one candidate vector: the rule
 * pre-filter's masks ANDed per policy (enforced plan, and pending plan when it differs). With
 * those fixed, every candidate rule that is `questions`-simple matches exactly when all its
 * selector tests hold, so the enforced + pending verdicts (traces included) are a function of
 * the answers to `questions` and of the endpoint's profiles: the set's DecidedIndex keeps them
 * by (entry id, answers bits × 1024 + profile id, or 1023 when the walks never read the
 * profiles), frozen and shared by every caller.
 */
export interface DecidedEntry {
  /** Index in DecidedIndex.entries. */
  readonly id: number;
  readonly enforced: Int32Array;
  readonly pending: Int32Array | undefined;
  /** The selector tests of every candidate rule; undefined: some candidate rule is not simple (no caching). */
  readonly questions: readonly RuleQuestion[] | undefined;
  /** The questions as a DecidedIndex span (start × 32 + count), or -1 when they have no flat form. */
  readonly span: number;
}

/** A selector test of a rule on one side of the connection (0 source, 1 destination): `pred(endpoint)`. */
export interface RuleQuestion {
  readonly side: 0 | 1;
  readonly pred: LabelledPredicate;
}

export interface CompiledNetworkSet extends Labelled {
  readonly name: string;
  readonly nets: readonly CidrRange[];
  readonly domains: readonly DomainPattern[];
}

export interface CompiledService {
  readonly namespace: string;
  readonly name: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly clusterIP: IpAddress | undefined;
  readonly ports: readonly { readonly port: number; readonly targetPort: number | string; readonly protocol: number }[];
}

/** The view of one side of a connection that rules match against. */
export interface PeerCtx {
  readonly addr: IpAddress | undefined;
  readonly endpoint: CompiledEndpoint | undefined;
  readonly domain: string | undefined;
  /** Network sets containing the address or domain (computed lazily). */
  sets: readonly CompiledNetworkSet[] | undefined;
}

export interface ConnCtx {
  readonly family: 4 | 6;
  readonly protocol: number;
  readonly port: number | undefined;
  readonly sourcePort: number | undefined;
  readonly icmp: { readonly type: number; readonly code?: number } | undefined;
  readonly http: { readonly method: string; readonly path: string } | undefined;
  readonly src: PeerCtx;
  readonly dst: PeerCtx;
}

export type PeerPredicate = (peer: PeerCtx, conn: ConnCtx) => boolean;

export interface CompiledRule {
  readonly action: Action;
  /** The rule's `protocol` as a number (checked first, inline); undefined = any protocol. */
  readonly protocol: number | undefined;
  /** AND of every other condition of the rule. */
  readonly matches: (conn: ConnCtx) => boolean;
  /**
   * The rule's destination `ports` when every entry is numeric (no named port): a connection
   * whose destination port is outside them (or has none) cannot match. Undefined otherwise.
   */
  readonly dstPortRanges: readonly (readonly [number, number])[] | undefined;
  /** The rule's source / destination `nets` as ranges (a peer outside them cannot match); undefined when absent. */
  readonly srcNets: readonly CidrRange[] | undefined;
  readonly dstNets: readonly CidrRange[] | undefined;
  /**
   * Set when the rule is simple: besides its protocol, numeric destination ports and `nets`
   * (which the rule pre-filter's cells decide exactly), it only tests selectors on the peer
   * endpoints (no network sets in the set): it matches a candidate connection exactly when every
   * `pred(endpoint of side)` holds. Undefined when it reads anything else (named or source ports,
   * notPorts, notNets, services, domains, ICMP, notProtocol, ipVersion, http, network sets).
   */
  readonly questions: readonly RuleQuestion[] | undefined;
}

/** A list of policies indexed by the label their selector needs (CompiledPolicy.selectorNeeds). */
export interface NeedsIndex {
  /** Policies whose selector needs no one label: each is tested. */
  readonly unindexed: readonly CompiledPolicy[];
  /** label key → value → the policies needing that value (an endpoint tests those of its own values). */
  readonly byLabel: ReadonlyMap<string, ReadonlyMap<string, readonly CompiledPolicy[]>>;
}

export interface CompiledPolicy {
  /** Dense index, for the per-evaluation rule-result memo. */
  readonly id: number;
  readonly summary: PolicySummary;
  /** Shared, immutable trace steps (no allocation per evaluation). */
  readonly noMatchStep: TraceStep;
  readonly ingressSteps: readonly TraceStep[];
  readonly egressSteps: readonly TraceStep[];
  /** True when some rule is Log (results with Log hits are not memoised). */
  readonly hasLog: boolean;
  /** v1-style name used as the ordering tie-break (`<ns>/<displayName>` or `<displayName>`). */
  readonly sortName: string;
  readonly orderValue: number;
  readonly appliesTo: LabelledPredicate;
  /**
   * A label every endpoint `appliesTo` accepts carries (labelled.ts selfLabelRequirement of the
   * policy's selector), or undefined: appliedPlans indexes policies by it.
   */
  readonly selectorNeeds: LabelRequirement | undefined;
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly ingressRules: readonly CompiledRule[];
  readonly egressRules: readonly CompiledRule[];
}

export interface CompiledTier {
  readonly summary: TierSummary;
}

export interface TierPlan {
  readonly tier: CompiledTier;
  readonly policies: readonly CompiledPolicy[];
  /** End-of-tier step naming the tier's first applicable policy. */
  readonly endStep: TraceStep;
  /** Index of the tier's first policy among all the policies of its plan (tiers concatenated). */
  readonly offset: number;
}

/**
 * The rule pre-filter of one plan (rule-filter.ts): per dimension, the sorted bounds cutting it
 * into intervals and, per interval (filled on first use), a mask per policy: bit i set when rule
 * i may match (ALL_RULES: check every rule). A rule left out of a mask cannot match.
 */
export interface RuleFilter {
  /** The plan's policies, tiers concatenated (TierPlan.offset indexes it). */
  readonly policies: readonly CompiledPolicy[];
  readonly direction: "ingress" | "egress";
  /** Protocol numbers some rule names; any other protocol is one of two buckets (with or without ports). */
  readonly protocols: readonly number[];
  /** Destination port range bounds (min, max + 1), sorted. */
  readonly portBounds: readonly number[];
  readonly portCells: (Int32Array | undefined)[];
  /** Source / destination IPv4 network bounds (first, last + 1), sorted. */
  readonly srcBounds: readonly number[];
  readonly srcCells: (Int32Array | undefined)[];
  readonly dstBounds: readonly number[];
  readonly dstCells: (Int32Array | undefined)[];
  /** The distinct mask arrays of all cells, by a hash of their content (cells share them). */
  readonly distinct: Map<number, Int32Array[]>;
  /** The id of each distinct mask array (dense from 0, in order of first use). */
  readonly maskIds: Map<Int32Array, number>;
  /** Per cell, the id of its masks; -1 until the cell is filled (same indexes as the cells). */
  readonly portCellIds: Int32Array;
  readonly srcCellIds: Int32Array;
  readonly dstCellIds: Int32Array;
  /** Masks keeping every rule, when no rule has source (destination) `nets`: that side needs no lookup. */
  readonly srcKeepAll: Int32Array | undefined;
  readonly dstKeepAll: Int32Array | undefined;
  /**
   * This filter's port cell by (global protocol slot, global port interval or "no port"), see
   * rule-filter.ts portCellGlobal; undefined: search the bounds (no global bounds, or too many).
   */
  portTable: Int32Array | undefined;
  /**
   * The same places as portTable: the cell's mask id, -1 until known (rule-filter.ts
   * masksKeyGlobal). 16 bits (half the cache lines): ids from MAX_MASK_ID up, which no masks key
   * can hold, are all kept as MAX_MASK_ID.
   */
  portIds: Int16Array | undefined;
  /** Global address interval (GlobalBounds) → this filter's interval, per side; undefined: search. */
  readonly srcLocal: Int32Array | undefined;
  readonly dstLocal: Int32Array | undefined;
  /** Global address interval → the mask id of that side's cell (16 bits, as portIds), -1 until known; undefined: none kept. */
  readonly srcIds: Int16Array | undefined;
  readonly dstIds: Int16Array | undefined;
}

/** Every rule's destination port bounds, and IPv4 net bounds (both sides), of a set, sorted. */
export interface GlobalBounds {
  readonly ports: readonly number[];
  readonly addrs: readonly number[];
  /** Protocol numbers rules name (rule-filter.ts globalProtocolSlot). */
  readonly protocols: readonly number[];
  /** Translation-table entries the set's filters may still allocate (rule-filter.ts buildRuleFilter). */
  readonly tableBudget: { left: number };
  /** Per port number 0-65535, its interval in `ports` (-1 until first use; rule-filter.ts globalPortInterval). */
  readonly portIntervals: Int16Array | undefined;
}

/** Per-evaluation memo of rule results, stamped by generation so it never needs clearing. */
export interface RuleResultMemo {
  gen: number;
  readonly stamp: Int32Array;
  readonly value: Int32Array;
}

export interface CompiledInternals {
  readonly tiers: readonly CompiledTier[];
  readonly tierByName: ReadonlyMap<string, CompiledTier>;
  /** Evaluated policies of each view, in evaluation order. */
  readonly enforced: readonly CompiledPolicy[];
  readonly pending: readonly CompiledPolicy[];
  /** True when pending differs from enforced (some staged policy exists). */
  readonly hasStaged: boolean;
  /** Every compiled policy indexed by id. */
  readonly allPolicies: readonly CompiledPolicy[];
  /** AppliedPlans.pendingMaskAt is filled (off only in the differential tests' reference). */
  readonly pendingMasksFromEnforced: boolean;
  /**
   * The evaluated policies that can apply to an endpoint of a namespace (global ones, and the
   * namespaced ones of that namespace: a namespaced policy selects only its namespace), by id.
   */
  readonly globalPolicies: readonly CompiledPolicy[];
  readonly policiesByNamespace: ReadonlyMap<string, readonly CompiledPolicy[]>;
  /** Plans shared by endpoints to which the same policies apply, keyed by the applied ids. */
  readonly planCache: Map<string, AppliedPlans>;
  /** The set's label classes, and the plans of each class met so far. */
  readonly classes: LabelClassSpace;
  readonly plansByClass: Map<number, AppliedPlans>;
  /** globalPolicies and each policiesByNamespace list indexed by the label their selector needs, made on first use. */
  readonly needsIndexes: Map<readonly CompiledPolicy[], NeedsIndex>;
  /** Interned profile lists (CompiledEndpoint.profileId). */
  readonly profileIds: Map<string, number>;
  /** Decided results of evaluate (evaluate.ts judgeViewsCached), by integer keys. */
  readonly decided: DecidedIndex;
  /** The bounds of every rule of the set (rule-filter.ts globalBoundsOf). */
  readonly globalBounds: GlobalBounds;
  readonly endpointsByKey: ReadonlyMap<string, CompiledEndpoint>;
  readonly endpointsByModel: WeakMap<EndpointModel, CompiledEndpoint>;
  readonly memo: RuleResultMemo;
  readonly endpointsByIp: ReadonlyMap<string, CompiledEndpoint>;
  readonly endpointList: readonly CompiledEndpoint[];
  readonly networkSets: readonly CompiledNetworkSet[];
  readonly namespaces: ReadonlyMap<string, NamespaceModel>;
  /** Every compiled policy by key (enforced, staged, and non-evaluated). */
  readonly policiesByKey: ReadonlyMap<PolicyKey, CompiledPolicy>;
  /** Endpoints compiled on the fly for peers not in the set, memoised by identity. */
  readonly adHoc: WeakMap<EndpointModel, CompiledEndpoint>;
  readonly compileEndpoint: (ep: EndpointModel) => CompiledEndpoint;
}

export type { PortMatcher };
