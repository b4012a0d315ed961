/**
 * Spec validation for Calico NetworkPolicy, GlobalNetworkPolicy and their staged forms, after
 * libcalico-go's validateNetworkPolicySpec / validateGlobalNetworkPolicySpec and the staged
 * variants (lib/validator/v3/validator.go).
 */
import { checkEnum, checkKnownFields, child, item, optBool, optList, optNumber, optString, optStringList, type Issues, type WireObject } from "@/lib/calico/field-checks";
import { dns1123LabelErrors } from "@/lib/calico/k8s-names";
import { tierPrefixError } from "@/lib/calico/policy-names";
import { checkNoGlobal, checkSelector } from "@/lib/calico/selector-check";
import { checkRule } from "@/lib/calico/validate-rules";
import { STAGED_ACTIONS } from "@/lib/calico/types";

export type CalicoPolicyKind = "NetworkPolicy" | "GlobalNetworkPolicy" | "StagedNetworkPolicy" | "StagedGlobalNetworkPolicy";

const COMMON_SPEC = ["tier", "order", "selector", "serviceAccountSelector", "types", "ingress", "egress", "performanceHints"] as const;
const GLOBAL_SPEC = ["namespaceSelector", "doNotTrack", "preDNAT", "applyOnForward"] as const;

/** Options that change which upstream release the validator follows. */
export interface PolicyNamingOptions {
  /**
   * Require `<tier>.` name prefixes for policies outside the default tier, as Calico Enterprise,
   * Calico Cloud and Open Source v3.29.4-v3.31 do. Default false: current Open Source (v3.32+,
   * projectcalico/calico#11232) accepts any valid name in any tier.
   */
  readonly requireTierPrefix?: boolean;
}

function isGlobalKind(kind: CalicoPolicyKind): boolean {
  return kind === "GlobalNetworkPolicy" || kind === "StagedGlobalNetworkPolicy";
}

function isStagedKind(kind: CalicoPolicyKind): boolean {
  return kind === "StagedNetworkPolicy" || kind === "StagedGlobalNetworkPolicy";
}

function checkTypes(issues: Issues, spec: WireObject, path: string): readonly string[] {
  const types = optStringList(issues, spec, "types", path) ?? [];
  const seen = new Set<string>();
  types.forEach((t, i) => {
    checkEnum(issues, t, item(child(path, "types"), i), ["Ingress", "Egress"]);
    if (seen.has(t)) issues.add(item(child(path, "types"), i), `'${t}' type specified more than once`);
    seen.add(t);
  });
  return types;
}

function checkGlobalFlags(issues: Issues, spec: WireObject, path: string, types: readonly string[]): void {
  const doNotTrack = optBool(issues, spec, "doNotTrack", path) ?? false;
  const preDNAT = optBool(issues, spec, "preDNAT", path) ?? false;
  const applyOnForward = optBool(issues, spec, "applyOnForward", path) ?? false;
  if (doNotTrack && preDNAT) issues.add(child(path, "preDNAT"), "preDNAT and doNotTrack cannot both be true");
  const egress = spec["egress"];
  if (preDNAT && Array.isArray(egress) && egress.length > 0) issues.add(child(path, "egress"), "a preDNAT policy cannot have egress rules");
  if (preDNAT && types.includes("Egress")) issues.add(child(path, "types"), "a preDNAT policy cannot have the Egress type");
  if (!applyOnForward && (doNotTrack || preDNAT)) issues.add(child(path, "applyOnForward"), "applyOnForward must be true when preDNAT or doNotTrack is true");
}

/** True when a staged Delete carries nothing but its tier (upstream compares against an empty spec). */
function isEmptyApartFromTier(spec: WireObject): boolean {
  return Object.entries(spec).every(([k, v]) => k === "tier" || k === "stagedAction" || v === undefined || v === null || v === false || v === "" || (Array.isArray(v) && v.length === 0));
}

/** Validates the spec of a Calico policy kind, including the tier-prefix rule on `name`. */
export function checkCalicoPolicySpec(issues: Issues, kind: CalicoPolicyKind, spec: WireObject, name: string | undefined, options: PolicyNamingOptions): void {
  const path = "spec";
  const global = isGlobalKind(kind);
  const staged = isStagedKind(kind);
  checkKnownFields(issues, spec, path, [...COMMON_SPEC, ...(global ? GLOBAL_SPEC : []), ...(staged ? ["stagedAction"] : [])]);
  const tier = optString(issues, spec, "tier", path);
  if (tier !== undefined && tier !== "") for (const e of dns1123LabelErrors(tier)) issues.add(child(path, "tier"), `invalid tier name "${tier}": ${e}`);
  if ((options.requireTierPrefix ?? false) && name !== undefined && name !== "") {
    const e = tierPrefixError(name, tier);
    if (e !== undefined) issues.add("metadata.name", e);
  }
  if (staged) {
    const action = optString(issues, spec, "stagedAction", path);
    // Empty = unset (Go's zero value; Calico treats it as Set).
    if (action !== "") checkEnum(issues, action, child(path, "stagedAction"), STAGED_ACTIONS);
    if (action === "Delete") {
      if (!isEmptyApartFromTier(spec)) issues.add(path, "spec fields, except tier, must all be empty when stagedAction is Delete");
      return;
    }
  }
  optNumber(issues, spec, "order", path);
  for (const key of ["selector", "serviceAccountSelector", ...(global ? ["namespaceSelector"] : [])]) {
    const s = optString(issues, spec, key, path);
    if (s !== undefined && s !== "" && checkSelector(issues, s, child(path, key))) checkNoGlobal(issues, s, child(path, key));
  }
  const types = checkTypes(issues, spec, path);
  const hints = optStringList(issues, spec, "performanceHints", path);
  hints?.forEach((h, i) => {
    checkEnum(issues, h, item(child(path, "performanceHints"), i), ["AssumeNeededOnEveryNode"]);
    // A set in the CRD (+listType=set): each value at most once.
    if (hints.indexOf(h) !== i) issues.add(item(child(path, "performanceHints"), i), `duplicate value "${h}"`);
  });
  for (const direction of ["ingress", "egress"] as const) {
    optList(issues, spec, direction, path)?.forEach((rule, i) => checkRule(issues, rule, item(child(path, direction), i), direction, global));
  }
  if (global) checkGlobalFlags(issues, spec, path, types);
}
