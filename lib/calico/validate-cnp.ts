/**
 * Kubernetes ClusterNetworkPolicy (`policy.networking.k8s.io/v1alpha2`, sigs.k8s.io/network-policy-api)
 * spec validation, after the CRD's schema: `tier` Admin | Baseline, `priority` 0–1000, `subject`
 * with exactly one of namespaces / pods, at most 25 ingress and 25 egress rules, each with an
 * action (Accept | Deny | Pass), 1–25 peers (exactly one field each), rule names ≤ 100 characters,
 * protocols with exactly one of tcp / udp / sctp / destinationNamedPort, ports with exactly one of
 * number / range, networks as CIDRs (≤ 25, no duplicates), domain names in the CRD's pattern.
 */
import { asObject, checkEnum, checkKnownFields, child, item, optInteger, optList, optObject, optString, optStringList, type Issues, type WireObject } from "@/lib/calico/field-checks";
import { portNameErrors } from "@/lib/calico/k8s-names";
import { parseCidr } from "@/lib/net/ip";
import { CNP_ACTIONS, CNP_TIERS } from "@/lib/calico/types";
import { checkLabelSelector } from "@/lib/calico/validate-k8s";

const MAX_RULES = 25;
const MAX_PEERS = 25;
const MAX_RULE_NAME = 100;
const DOMAIN_NAME = /^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;

/** Exactly one of `keys` present (the CRD's MinProperties=1 / MaxProperties=1). */
function exactlyOne(issues: Issues, obj: WireObject, path: string, keys: readonly string[]): string | undefined {
  const present = keys.filter((k) => obj[k] !== undefined);
  if (present.length !== 1) {
    issues.add(path, present.length === 0 ? `exactly one of ${keys.join(", ")} must be set` : `only one of ${keys.join(", ")} may be set (found ${present.join(", ")})`);
    return undefined;
  }
  return present[0];
}

function checkNamespacedPod(issues: Issues, raw: unknown, path: string): void {
  const pods = asObject(issues, raw, path);
  if (pods === undefined) return;
  checkKnownFields(issues, pods, path, ["namespaceSelector", "podSelector"]);
  for (const key of ["namespaceSelector", "podSelector"]) {
    if (pods[key] === undefined) issues.add(child(path, key), `${key} is required`);
    else checkLabelSelector(issues, pods[key], child(path, key));
  }
}

function checkPort(issues: Issues, raw: unknown, path: string): void {
  const port = asObject(issues, raw, path);
  if (port === undefined) return;
  checkKnownFields(issues, port, path, ["number", "range"]);
  const which = exactlyOne(issues, port, path, ["number", "range"]);
  if (which === "number") {
    const n = optInteger(issues, port, "number", path);
    if (n !== undefined && (n < 1 || n > 65535)) issues.add(child(path, "number"), `invalid port ${n}: must be between 1 and 65535`);
  } else if (which === "range") {
    const range = optObject(issues, port, "range", path);
    if (range === undefined) return;
    const rp = child(path, "range");
    checkKnownFields(issues, range, rp, ["start", "end"]);
    const start = optInteger(issues, range, "start", rp);
    const end = optInteger(issues, range, "end", rp);
    if (start === undefined) issues.add(child(rp, "start"), "start is required");
    if (end === undefined) issues.add(child(rp, "end"), "end is required");
    for (const [k, v] of [["start", start], ["end", end]] as const) {
      if (v !== undefined && (v < 1 || v > 65535)) issues.add(child(rp, k), `invalid port ${v}: must be between 1 and 65535`);
    }
    if (start !== undefined && end !== undefined && start > end) issues.add(rp, `start (${start}) must not be greater than end (${end})`);
  }
}

function checkProtocols(issues: Issues, rule: WireObject, path: string): void {
  optList(issues, rule, "protocols", path)?.forEach((raw, i) => {
    const p = item(child(path, "protocols"), i);
    const proto = asObject(issues, raw, p);
    if (proto === undefined) return;
    checkKnownFields(issues, proto, p, ["tcp", "udp", "sctp", "destinationNamedPort"]);
    const which = exactlyOne(issues, proto, p, ["tcp", "udp", "sctp", "destinationNamedPort"]);
    if (which === "destinationNamedPort") {
      const name = optString(issues, proto, which, p);
      if (name !== undefined) for (const e of portNameErrors(name)) issues.add(child(p, which), `invalid port name "${name}": ${e}`);
    } else if (which !== undefined) {
      const body = optObject(issues, proto, which, p);
      if (body === undefined) return;
      checkKnownFields(issues, body, child(p, which), ["destinationPort"]);
      if (body["destinationPort"] !== undefined) checkPort(issues, body["destinationPort"], child(child(p, which), "destinationPort"));
    }
  });
}

function checkPeers(issues: Issues, rule: WireObject, path: string, key: "from" | "to"): void {
  const peers = optList(issues, rule, key, path);
  const listPath = child(path, key);
  if (peers === undefined || peers.length === 0) {
    issues.add(listPath, `${key} must list at least one peer`);
    return;
  }
  if (peers.length > MAX_PEERS) issues.add(listPath, `at most ${MAX_PEERS} peers are allowed (found ${peers.length})`);
  const fields = key === "from" ? ["namespaces", "pods"] : ["namespaces", "pods", "networks", "nodes", "domainNames"];
  peers.forEach((raw, i) => {
    const p = item(listPath, i);
    const peer = asObject(issues, raw, p);
    if (peer === undefined) return;
    checkKnownFields(issues, peer, p, fields);
    const which = exactlyOne(issues, peer, p, fields);
    if (which === "namespaces" || which === "nodes") checkLabelSelector(issues, peer[which], child(p, which));
    else if (which === "pods") checkNamespacedPod(issues, peer["pods"], child(p, "pods"));
    else if (which === "networks") {
      const nets = optStringList(issues, peer, "networks", p) ?? [];
      if (nets.length === 0 || nets.length > MAX_PEERS) issues.add(child(p, "networks"), `must list 1 to ${MAX_PEERS} CIDRs`);
      nets.forEach((n, j) => {
        if (parseCidr(n) === undefined) issues.add(item(child(p, "networks"), j), `invalid CIDR "${n}"`);
        if (nets.indexOf(n) !== j) issues.add(item(child(p, "networks"), j), `duplicate value "${n}"`);
      });
    } else if (which === "domainNames") {
      const names = optStringList(issues, peer, "domainNames", p) ?? [];
      if (names.length === 0 || names.length > MAX_PEERS) issues.add(child(p, "domainNames"), `must list 1 to ${MAX_PEERS} domain names`);
      names.forEach((d, j) => {
        if (!DOMAIN_NAME.test(d)) issues.add(item(child(p, "domainNames"), j), `invalid domain name "${d}"`);
      });
      const action = rule["action"];
      if (action !== undefined && action !== "Accept") issues.add(child(p, "domainNames"), "domainNames peers are only supported in Accept rules");
    }
  });
}

function checkRules(issues: Issues, spec: WireObject, direction: "ingress" | "egress"): void {
  const rules = optList(issues, spec, direction, "spec");
  if (rules === undefined) return;
  const listPath = child("spec", direction);
  if (rules.length > MAX_RULES) issues.add(listPath, `at most ${MAX_RULES} rules are allowed (found ${rules.length})`);
  rules.forEach((raw, i) => {
    const p = item(listPath, i);
    const rule = asObject(issues, raw, p);
    if (rule === undefined) return;
    const peersKey = direction === "ingress" ? "from" : "to";
    checkKnownFields(issues, rule, p, ["name", "action", peersKey, "protocols"]);
    const name = optString(issues, rule, "name", p);
    if (name !== undefined && name.length > MAX_RULE_NAME) issues.add(child(p, "name"), `may not be more than ${MAX_RULE_NAME} characters`);
    const action = optString(issues, rule, "action", p);
    if (action === undefined || action === "") issues.add(child(p, "action"), "action is required");
    else checkEnum(issues, action, child(p, "action"), CNP_ACTIONS);
    checkPeers(issues, rule, p, peersKey);
    checkProtocols(issues, rule, p);
    if (direction === "egress") {
      const peers = (optList(issues, rule, "to", p) ?? []).filter((x): x is WireObject => typeof x === "object" && x !== null && !Array.isArray(x));
      const named = (optList(issues, rule, "protocols", p) ?? []).some((x) => typeof x === "object" && x !== null && "destinationNamedPort" in x);
      if (named && peers.some((x) => x["networks"] !== undefined || x["nodes"] !== undefined || x["domainNames"] !== undefined)) {
        issues.add(p, "networks/nodes/domainNames peers cannot be combined with destinationNamedPort (they have no named ports)");
      }
    }
  });
}

/** Validates the spec of a ClusterNetworkPolicy. */
export function checkClusterNetworkPolicySpec(issues: Issues, spec: WireObject): void {
  checkKnownFields(issues, spec, "spec", ["tier", "priority", "subject", "ingress", "egress"]);
  const tier = optString(issues, spec, "tier", "spec");
  if (tier === undefined || tier === "") issues.add("spec.tier", "tier is required (Admin or Baseline)");
  else checkEnum(issues, tier, "spec.tier", CNP_TIERS);
  const priority = optInteger(issues, spec, "priority", "spec");
  if (priority === undefined) {
    if (spec["priority"] === undefined) issues.add("spec.priority", "priority is required (0 to 1000)");
  } else if (priority < 0 || priority > 1000) issues.add("spec.priority", `priority ${priority} is out of range: must be between 0 and 1000`);
  const subject = spec["subject"] === undefined ? undefined : optObject(issues, spec, "subject", "spec");
  if (spec["subject"] === undefined) issues.add("spec.subject", "subject is required (namespaces or pods)");
  else if (subject !== undefined) {
    checkKnownFields(issues, subject, "spec.subject", ["namespaces", "pods"]);
    const which = exactlyOne(issues, subject, "spec.subject", ["namespaces", "pods"]);
    if (which === "namespaces") checkLabelSelector(issues, subject["namespaces"], "spec.subject.namespaces");
    else if (which === "pods") checkNamespacedPod(issues, subject["pods"], "spec.subject.pods");
  }
  checkRules(issues, spec, "ingress");
  checkRules(issues, spec, "egress");
}
