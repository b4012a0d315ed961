/**
 * Kubernetes networking.k8s.io/v1 NetworkPolicy spec validation, after
 * kubernetes pkg/apis/networking/validation/validation.go (ValidateNetworkPolicySpec,
 * ValidateNetworkPolicyPort, ValidateIPBlock) and metav1 label-selector validation.
 */
import { asObject, checkEnum, checkKnownFields, checkLabels, child, item, optInteger, optList, optObject, optString, optStringList, optStringMap, type Issues, type WireObject } from "@/lib/calico/field-checks";
import { labelValueErrors, portNameErrors, qualifiedNameErrors } from "@/lib/calico/k8s-names";
import { cidrContains, parseCidr } from "@/lib/net/ip";
import { STAGED_ACTIONS } from "@/lib/calico/types";

/** Validates a metav1.LabelSelector at `path`. */
export function checkLabelSelector(issues: Issues, raw: unknown, path: string): void {
  const sel = asObject(issues, raw, path);
  if (sel === undefined) return;
  checkKnownFields(issues, sel, path, ["matchLabels", "matchExpressions"]);
  const labels = optStringMap(issues, sel, "matchLabels", path);
  if (labels !== undefined) checkLabels(issues, labels, child(path, "matchLabels"));
  optList(issues, sel, "matchExpressions", path)?.forEach((rawReq, i) => {
    const p = item(child(path, "matchExpressions"), i);
    const req = asObject(issues, rawReq, p);
    if (req === undefined) return;
    checkKnownFields(issues, req, p, ["key", "operator", "values"]);
    const key = optString(issues, req, "key", p);
    if (key === undefined || key === "") issues.add(child(p, "key"), "key is required");
    else for (const e of qualifiedNameErrors(key)) issues.add(child(p, "key"), `invalid label key "${key}": ${e}`);
    const op = optString(issues, req, "operator", p);
    const values = optStringList(issues, req, "values", p) ?? [];
    if (op === undefined || op === "") issues.add(child(p, "operator"), "operator is required");
    else if (op === "In" || op === "NotIn") {
      if (values.length === 0) issues.add(child(p, "values"), "must be specified when `operator` is 'In' or 'NotIn'");
    } else if (op === "Exists" || op === "DoesNotExist") {
      if (values.length > 0) issues.add(child(p, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    } else {
      issues.add(child(p, "operator"), `not a valid selector operator: "${op}"`);
    }
    values.forEach((v, j) => {
      for (const e of labelValueErrors(v)) issues.add(item(child(p, "values"), j), `invalid label value "${v}": ${e}`);
    });
  });
}

function checkPort(issues: Issues, raw: unknown, path: string): void {
  const port = asObject(issues, raw, path);
  if (port === undefined) return;
  checkKnownFields(issues, port, path, ["protocol", "port", "endPort"]);
  const protocol = optString(issues, port, "protocol", path);
  checkEnum(issues, protocol, child(path, "protocol"), ["TCP", "UDP", "SCTP"]);
  const endPort = optInteger(issues, port, "endPort", path);
  const value = port["port"];
  if (value === undefined || value === null) {
    if (endPort !== undefined) issues.add(child(path, "endPort"), "may not be specified when `port` is not specified");
    return;
  }
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 1 || value > 65535) issues.add(child(path, "port"), `invalid port ${value}: must be between 1 and 65535, inclusive`);
    if (endPort !== undefined) {
      if (endPort < value) issues.add(child(path, "endPort"), `invalid endPort ${endPort}: must be greater than or equal to \`port\` (${value})`);
      if (endPort < 1 || endPort > 65535) issues.add(child(path, "endPort"), `invalid endPort ${endPort}: must be between 1 and 65535, inclusive`);
    }
    return;
  }
  if (typeof value !== "string") {
    issues.add(child(path, "port"), "must be an integer or a string");
    return;
  }
  if (endPort !== undefined) issues.add(child(path, "endPort"), `invalid endPort ${endPort}: may not be specified when \`port\` is non-numeric`);
  for (const e of portNameErrors(value)) issues.add(child(path, "port"), `invalid port name "${value}": ${e}`);
}

function checkIpBlock(issues: Issues, block: WireObject, path: string): void {
  checkKnownFields(issues, block, path, ["cidr", "except"]);
  const cidrText = optString(issues, block, "cidr", path);
  if (cidrText === undefined || cidrText === "") {
    issues.add(child(path, "cidr"), "cidr is required");
    return;
  }
  const cidr = parseCidr(cidrText);
  if (cidr === undefined) {
    issues.add(child(path, "cidr"), `invalid CIDR "${cidrText}"`);
    return;
  }
  optStringList(issues, block, "except", path)?.forEach((text, i) => {
    const p = item(child(path, "except"), i);
    const except = parseCidr(text);
    if (except === undefined) issues.add(p, `invalid CIDR "${text}"`);
    else if (!cidrContains(cidr, except) || except.prefix <= cidr.prefix) issues.add(p, `invalid except "${text}": must be a strict subset of \`cidr\` (${cidrText})`);
  });
}

function checkPeer(issues: Issues, raw: unknown, path: string): void {
  const peer = asObject(issues, raw, path);
  if (peer === undefined) return;
  checkKnownFields(issues, peer, path, ["podSelector", "namespaceSelector", "ipBlock"]);
  let count = 0;
  for (const key of ["podSelector", "namespaceSelector"]) {
    if (peer[key] === undefined || peer[key] === null) continue;
    count++;
    checkLabelSelector(issues, peer[key], child(path, key));
  }
  const block = optObject(issues, peer, "ipBlock", path);
  if (block !== undefined) {
    count++;
    checkIpBlock(issues, block, child(path, "ipBlock"));
  }
  if (count === 0) issues.add(path, "must specify a peer");
  else if (count > 1 && block !== undefined) issues.add(path, "may not specify both ipBlock and another peer");
}

/** Validates a Kubernetes NetworkPolicy spec (or a StagedKubernetesNetworkPolicy spec when `staged`). */
export function checkK8sPolicySpec(issues: Issues, spec: WireObject, staged: boolean): void {
  const path = "spec";
  checkKnownFields(issues, spec, path, ["podSelector", "policyTypes", "ingress", "egress", ...(staged ? ["stagedAction"] : [])]);
  if (staged) {
    const action = optString(issues, spec, "stagedAction", path);
    if (action !== "") checkEnum(issues, action, child(path, "stagedAction"), STAGED_ACTIONS);
    if (action === "Delete") {
      const rest = Object.entries(spec).filter(([k, v]) => k !== "stagedAction" && v !== undefined && v !== null);
      if (rest.length > 0) issues.add(path, "spec fields must all be empty when stagedAction is Delete");
      return;
    }
  }
  if (spec["podSelector"] === undefined || spec["podSelector"] === null) issues.add(child(path, "podSelector"), "podSelector is required");
  else checkLabelSelector(issues, spec["podSelector"], child(path, "podSelector"));
  for (const [direction, peers] of [["ingress", "from"], ["egress", "to"]] as const) {
    optList(issues, spec, direction, path)?.forEach((rawRule, i) => {
      const p = item(child(path, direction), i);
      const rule = asObject(issues, rawRule, p);
      if (rule === undefined) return;
      checkKnownFields(issues, rule, p, ["ports", peers]);
      optList(issues, rule, "ports", p)?.forEach((port, j) => checkPort(issues, port, item(child(p, "ports"), j)));
      optList(issues, rule, peers, p)?.forEach((peer, j) => checkPeer(issues, peer, item(child(p, peers), j)));
    });
  }
  const types = optStringList(issues, spec, "policyTypes", path);
  if (types !== undefined) {
    if (types.length > 2) issues.add(child(path, "policyTypes"), "may not specify more than two policyTypes");
    else types.forEach((t, i) => checkEnum(issues, t, item(child(path, "policyTypes"), i), ["Ingress", "Egress"]));
  }
}
