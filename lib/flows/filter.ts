/**
 * Flow filters: the set Whisker/Goldmane offer (goldmane/proto/api.proto Filter; Hubble UI's
 * filter-flow for the shape of a pure predicate). Within one field the values are OR-ed, across
 * fields AND-ed, as Goldmane does. Name/namespace matches are exact, or fuzzy (case-insensitive
 * substring) when asked.
 */
import { pendingActionOf, policyHitsOf } from "@/lib/flows/policy-hit";
import type { PolicyHit, PolicyHitAction, PolicyHitKind } from "@/lib/flows/policy-hit";
import type { FlowAction, FlowEndpoint, FlowLog, FlowReporter } from "@/lib/flows/types";

/** A string match: a bare string is exact. */
export type StringMatch = string | { readonly value: string; readonly type: "exact" | "fuzzy" };

/** A policy-hit match; every given field must match the same hit. */
export interface PolicyMatch {
  readonly kind?: PolicyHitKind;
  readonly tier?: string;
  readonly namespace?: string;
  /** The policy name with or without its tier prefix (`default-deny` or `default.default-deny`). */
  readonly name?: string;
  readonly action?: PolicyHitAction;
  /** Which trace to search; default "any" (enforced or pending). */
  readonly trace?: "enforced" | "pending" | "any";
  /** True: only staged policies; false: only enforced ones; absent: both. */
  readonly staged?: boolean;
}

export interface FlowFilterSpec {
  /** UNIX seconds; a record matches when its interval overlaps [from, to). */
  readonly timeRange?: { readonly from?: number; readonly to?: number };
  readonly sourceNamespaces?: readonly StringMatch[];
  /** Matched against the name and the aggregated name. */
  readonly sourceNames?: readonly StringMatch[];
  readonly destNamespaces?: readonly StringMatch[];
  readonly destNames?: readonly StringMatch[];
  /** Either side's namespace (a namespace view). */
  readonly namespaces?: readonly StringMatch[];
  readonly destPorts?: readonly number[];
  /** `tcp`, `udp`, ... case-insensitive. */
  readonly protocols?: readonly string[];
  readonly actions?: readonly FlowAction[];
  /** Actions as if every staged policy were enforced. */
  readonly pendingActions?: readonly FlowAction[];
  readonly reporter?: FlowReporter;
  readonly policies?: readonly PolicyMatch[];
}

function matchesString(m: StringMatch, value: string): boolean {
  if (typeof m === "string") return m === value;
  return m.type === "exact" ? m.value === value : value.toLowerCase().includes(m.value.toLowerCase());
}

function anyString(ms: readonly StringMatch[] | undefined, values: readonly string[]): boolean {
  if (ms === undefined || ms.length === 0) return true;
  return ms.some((m) => values.some((v) => matchesString(m, v)));
}

function namesOf(e: FlowEndpoint): string[] {
  return e.name === e.nameAggr ? [e.name] : [e.name, e.nameAggr];
}

function hitMatches(m: PolicyMatch, h: PolicyHit): boolean {
  if (m.kind !== undefined && m.kind !== h.kind) return false;
  if (m.tier !== undefined && m.tier !== h.tier) return false;
  if (m.namespace !== undefined && m.namespace !== (h.namespace ?? "")) return false;
  if (m.action !== undefined && m.action !== h.action) return false;
  if (m.staged !== undefined && m.staged !== h.staged) return false;
  if (m.name !== undefined) {
    const bare = h.displayName.startsWith("staged:") ? h.displayName.slice("staged:".length) : h.displayName;
    if (m.name !== h.name && m.name !== bare && m.name !== h.displayName) return false;
  }
  return true;
}

function policyMatches(m: PolicyMatch, f: FlowLog): boolean {
  if (f.policies === null) return false;
  const trace = m.trace ?? "any";
  const entries = trace === "enforced" ? f.policies.enforced : trace === "pending" ? f.policies.pending : [...f.policies.enforced, ...f.policies.pending];
  return policyHitsOf(entries).some((h) => hitMatches(m, h));
}

/**
 * Builds a pure predicate from a filter spec. An empty spec matches everything. Never throws;
 * unknown protocol names simply match nothing.
 */
export function buildFlowFilter(spec: FlowFilterSpec): (flow: FlowLog) => boolean {
  const protocols = spec.protocols?.map((p) => p.toLowerCase());
  const { timeRange: tr } = spec;
  return (f) => {
    if (tr?.from !== undefined && f.endTime <= tr.from && !(f.startTime === f.endTime && f.startTime === tr.from)) return false;
    if (tr?.to !== undefined && f.startTime >= tr.to) return false;
    if (!anyString(spec.sourceNamespaces, [f.source.namespace])) return false;
    if (!anyString(spec.destNamespaces, [f.dest.namespace])) return false;
    if (!anyString(spec.namespaces, [f.source.namespace, f.dest.namespace])) return false;
    if (!anyString(spec.sourceNames, namesOf(f.source))) return false;
    if (!anyString(spec.destNames, namesOf(f.dest))) return false;
    if (spec.destPorts !== undefined && spec.destPorts.length > 0 && (f.dest.port === null || !spec.destPorts.includes(f.dest.port))) return false;
    if (protocols !== undefined && protocols.length > 0 && !protocols.includes(f.proto)) return false;
    if (spec.actions !== undefined && spec.actions.length > 0 && !spec.actions.includes(f.action)) return false;
    if (spec.pendingActions !== undefined && spec.pendingActions.length > 0 && !spec.pendingActions.includes(pendingActionOf(f))) return false;
    if (spec.reporter !== undefined && f.reporter !== spec.reporter) return false;
    if (spec.policies !== undefined && spec.policies.length > 0 && !spec.policies.some((m) => policyMatches(m, f))) return false;
    return true;
  };
}
