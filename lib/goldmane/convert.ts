/**
 * Goldmane flows → Palisade's FlowLog (the Calico flow-log model of lib/flows), so flows read
 * from Goldmane are stored, queried and exported exactly like flows.log records. Pure; never
 * throws: every failure is a Result error naming the field.
 *
 * Choices where Goldmane and flows.log differ (see DESIGN.md):
 * - Goldmane keys carry only aggregated names (pods by generateName prefix, networks as pub/pvt):
 *   they become `nameAggr`; `name`, IPs and the source port are "not included" (`-` / null), as
 *   in a flows.log record at aggregation level 2.
 * - A PolicyHit becomes Calico's trace entry `<index>|<tier>|<name part>|<action>|<rule>`; an
 *   EndOfTier hit is written with its trigger's name part and rule index -1, the way felix logs
 *   a tier's default action.
 * - `numFlows` (connections seen in the interval) = completed + still live at the end: every
 *   connection active in the interval either completed in it or is live at its end.
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import { toFlowProto } from "@/lib/flows/parse";
import type { EndpointType, FlowAction, FlowEndpoint, FlowLabels, FlowLog, FlowReporter } from "@/lib/flows/types";
import { FIELD_NOT_INCLUDED } from "@/lib/flows/types";
import type { GoldmaneFlow, GoldmanePolicyHit } from "@/lib/goldmane/wire";
import { goldmaneFlowSchema } from "@/lib/goldmane/wire";

/** Why a flow could not be converted: the Goldmane field and what is wrong with it. */
export interface ConvertError {
  readonly field: string;
  readonly message: string;
}

const ENDPOINT_TYPES: Readonly<Record<string, EndpointType>> = { WorkloadEndpoint: "wep", HostEndpoint: "hep", NetworkSet: "ns", Network: "net" };
const ACTIONS: Readonly<Record<string, "allow" | "deny" | "pass">> = { Allow: "allow", Deny: "deny", Pass: "pass" };
const REPORTERS: Readonly<Record<string, FlowReporter>> = { Src: "src", Dst: "dst" };

const orDash = (s: string): string => (s === "" ? FIELD_NOT_INCLUDED : s);
/** Policy kinds a client may hand over as numbers (an older generated proto): Goldmane's PolicyKind values. */
const POLICY_KIND_NUMBERS: Readonly<Record<number, string>> = { 11: "ClusterNetworkPolicy" };
const enumName = (v: string | number): string => (typeof v === "number" ? `#${v}` : v);
const kindName = (v: string | number): string => (typeof v === "number" ? (POLICY_KIND_NUMBERS[v] ?? `#${v}`) : v);

/** Goldmane's `key=value` label list → a label map (entries without `=` are skipped). */
export function toLabelMap(labels: readonly string[]): FlowLabels {
  const out: Record<string, string> = {};
  for (const kv of labels) {
    const eq = kv.indexOf("=");
    if (eq > 0) out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

/** `<tier>.<name>`, unless the name already carries its tier (pre-3.30 policy names did). */
function tiered(tier: string, name: string): string {
  return name.startsWith(`${tier}.`) ? name : `${tier}.${name}`;
}

/**
 * The name part of a trace entry for one policy (the forms lib/flows/policy-hit.ts parses):
 * `tier.name` (GlobalNetworkPolicy), `ns/tier.name` (NetworkPolicy), `ns/knp.default.name`
 * (Kubernetes NetworkPolicy), `staged:` before the tier part for staged kinds,
 * `__PROFILE__.name` for profiles, the `kanp.adminnetworkpolicy.` / `kbanp.baselineadminnetworkpolicy.`
 * prefixes of the older admin-network-policy kinds, and `kcnp.kube-admin.` / `kcnp.kube-baseline.`
 * for a Kubernetes ClusterNetworkPolicy (PolicyKind 11).
 */
function namePart(hit: GoldmanePolicyHit): Result<string, string> {
  const { tier, name, namespace } = hit;
  if (name === "") return err("policy name is empty");
  const ns = (): Result<string, string> => (namespace === "" ? err(`a ${enumName(hit.kind)} hit needs a namespace`) : ok(namespace));
  const kind = kindName(hit.kind);
  switch (kind) {
    case "GlobalNetworkPolicy":
      return ok(tiered(tier, name));
    case "StagedGlobalNetworkPolicy":
      return ok(`staged:${tiered(tier, name)}`);
    case "CalicoNetworkPolicy": {
      const n = ns();
      return n.ok ? ok(`${n.value}/${tiered(tier, name)}`) : n;
    }
    case "StagedNetworkPolicy": {
      const n = ns();
      return n.ok ? ok(`${n.value}/staged:${tiered(tier, name)}`) : n;
    }
    case "NetworkPolicy": {
      const n = ns();
      return n.ok ? ok(`${n.value}/knp.default.${name}`) : n;
    }
    case "StagedKubernetesNetworkPolicy": {
      const n = ns();
      return n.ok ? ok(`${n.value}/staged:knp.default.${name}`) : n;
    }
    case "ClusterNetworkPolicyAdminTier":
      return ok(`kanp.adminnetworkpolicy.${name}`);
    case "ClusterNetworkPolicyBaselineTier":
      return ok(`kbanp.baselineadminnetworkpolicy.${name}`);
    case "ClusterNetworkPolicy":
      // PolicyKind 11: felix's kcnp.kube-admin. / kcnp.kube-baseline. prefixes, chosen by the tier.
      return ok(`${tier === "kube-admin" ? "kcnp.kube-admin." : "kcnp.kube-baseline."}${name}`);
    case "Profile":
      return ok(`__PROFILE__.${name}`);
    default:
      return err(`policy kind ${kind} is not known`);
  }
}

/**
 * One Goldmane PolicyHit → Calico's flow-log trace entry `<index>|<tier>|<name>|<action>|<rule>`
 * (profiles get tier `__PROFILE__`; EndOfTier hits use their trigger's name and rule -1). An
 * error names what is missing or unknown (kind, action, namespace, trigger).
 */
export function toPolicyEntry(hit: GoldmanePolicyHit): Result<string, string> {
  const action = ACTIONS[enumName(hit.action)];
  if (action === undefined) return err(`policy action ${enumName(hit.action)} is not Allow, Deny or Pass`);
  const endOfTier = kindName(hit.kind) === "EndOfTier";
  const named = endOfTier ? hit.trigger : hit;
  if (named === undefined || named === null) return err("an EndOfTier hit needs the trigger policy");
  const part = namePart({ ...named, tier: named.tier === "" ? hit.tier : named.tier });
  if (!part.ok) return part;
  const tier = kindName(named.kind) === "Profile" ? "__PROFILE__" : hit.tier;
  if (tier === "") return err("policy tier is empty");
  const rule = endOfTier ? -1 : hit.rule_index;
  return ok(`${hit.policy_index}|${tier}|${part.value}|${action}|${rule}`);
}

function toEntries(hits: readonly GoldmanePolicyHit[], field: string): Result<string[], ConvertError> {
  const out: string[] = [];
  for (const [i, h] of hits.entries()) {
    const e = toPolicyEntry(h);
    if (!e.ok) return err({ field: `${field}[${i}]`, message: e.error });
    out.push(e.value);
  }
  return ok(out);
}

function endpoint(type: EndpointType, namespace: string, name: string, labels: readonly string[], port: number | null): FlowEndpoint {
  return {
    type,
    namespace: orDash(namespace),
    name: FIELD_NOT_INCLUDED,
    nameAggr: orDash(name),
    ip: null,
    port,
    // Networks have no labels; other endpoints report the intersection (possibly empty).
    labels: type === "net" ? null : toLabelMap(labels),
  };
}

/** Converts a checked Goldmane flow. Errors name the Goldmane field (`Key.reporter`, …). */
export function toFlowLog(flow: GoldmaneFlow): Result<FlowLog, ConvertError> {
  const k = flow.Key;
  const sourceType = ENDPOINT_TYPES[enumName(k.source_type)];
  if (sourceType === undefined) return err({ field: "Key.source_type", message: `endpoint type ${enumName(k.source_type)} is not known` });
  const destType = ENDPOINT_TYPES[enumName(k.dest_type)];
  if (destType === undefined) return err({ field: "Key.dest_type", message: `endpoint type ${enumName(k.dest_type)} is not known` });
  const action = ACTIONS[enumName(k.action)];
  // Pass only ever ends a tier, never a flow: a flow action is Allow or Deny.
  if (action === undefined || action === "pass") return err({ field: "Key.action", message: `flow action ${enumName(k.action)} is not Allow or Deny` });
  const reporter = REPORTERS[enumName(k.reporter)];
  if (reporter === undefined) return err({ field: "Key.reporter", message: `reporter ${enumName(k.reporter)} is not Src or Dst` });
  const proto = toFlowProto(k.proto);
  if (proto === undefined) return err({ field: "Key.proto", message: `protocol "${k.proto}" is not known` });
  if (!(flow.end_time > flow.start_time)) return err({ field: "end_time", message: "end_time must be after start_time" });
  const enforced = toEntries(k.policies?.enforced_policies ?? [], "Key.policies.enforced_policies");
  if (!enforced.ok) return enforced;
  const pending = toEntries(k.policies?.pending_policies ?? [], "Key.policies.pending_policies");
  if (!pending.ok) return pending;
  const flowAction: FlowAction = action;
  return ok({
    startTime: flow.start_time,
    endTime: flow.end_time,
    source: endpoint(sourceType, k.source_namespace, k.source_name, flow.source_labels, null),
    dest: endpoint(destType, k.dest_namespace, k.dest_name, flow.dest_labels, k.dest_port > 0 ? k.dest_port : null),
    destService: {
      namespace: orDash(k.dest_service_namespace),
      name: orDash(k.dest_service_name),
      portName: orDash(k.dest_service_port_name),
      portNum: k.dest_service_port > 0 ? k.dest_service_port : null,
    },
    destDomains: [],
    proto,
    action: flowAction,
    reporter,
    policies: k.policies === undefined || k.policies === null ? null : { enforced: enforced.value, pending: pending.value },
    bytesIn: flow.bytes_in,
    bytesOut: flow.bytes_out,
    packetsIn: flow.packets_in,
    packetsOut: flow.packets_out,
    numFlows: flow.num_connections_completed + flow.num_connections_live,
    numFlowsStarted: flow.num_connections_started,
    numFlowsCompleted: flow.num_connections_completed,
  });
}

/** Checks an unknown value (a decoded FlowResult.flow) and converts it. Never throws. */
export function parseGoldmaneFlow(raw: unknown): Result<FlowLog, ConvertError> {
  const parsed = goldmaneFlowSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({ field: issue?.path.join(".") ?? "", message: issue?.message ?? "invalid flow" });
  }
  return toFlowLog(parsed.data);
}
