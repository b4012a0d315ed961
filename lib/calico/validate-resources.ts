/**
 * Spec validation for the non-policy kinds: Tier, (Global)NetworkSet, GlobalAlert,
 * GlobalThreatFeed, HostEndpoint, IPPool and FelixConfiguration.
 */
import { asObject, checkEnum, checkKnownFields, checkLabels, child, item, optBool, optInteger, optList, optNumber, optObject, optString, optStringList, optStringMap, type Issues, type WireObject } from "@/lib/calico/field-checks";
import { parseGoDuration, portNameErrors } from "@/lib/calico/k8s-names";
import { cidrOverlaps, formatNetwork, isStrictlyMasked, parseCidrOrIp, parseIp } from "@/lib/net/ip";
import { parseProtocol } from "@/lib/net/ports";
import { protocolSupportsPorts } from "@/lib/net/protocols";
import { checkSelector } from "@/lib/calico/selector-check";
import { checkDomain } from "@/lib/net/domains";
import { parseHeaderValueFrom } from "@/lib/calico/header-source";

/** Calico's fixed order for the default tier (api.DefaultTierOrder). */
export const DEFAULT_TIER_ORDER = 1_000_000;

/** Calico's built-in tiers: Kubernetes ClusterNetworkPolicy's Admin and Baseline tiers, and default. */
export const KUBE_ADMIN_TIER = "kube-admin";
export const KUBE_BASELINE_TIER = "kube-baseline";
export const KUBE_ADMIN_TIER_ORDER = 1_000;
export const KUBE_BASELINE_TIER_ORDER = 10_000_000;
export const RESERVED_TIERS: ReadonlyMap<string, { readonly order: number; readonly defaultAction: "Deny" | "Pass" }> = new Map([
  ["default", { order: DEFAULT_TIER_ORDER, defaultAction: "Deny" }],
  [KUBE_ADMIN_TIER, { order: KUBE_ADMIN_TIER_ORDER, defaultAction: "Pass" }],
  [KUBE_BASELINE_TIER, { order: KUBE_BASELINE_TIER_ORDER, defaultAction: "Pass" }],
] as const);

export function checkTierSpec(issues: Issues, spec: WireObject, name: string | undefined): void {
  checkKnownFields(issues, spec, "spec", ["order", "defaultAction"]);
  const order = optNumber(issues, spec, "order", "spec");
  const action = optString(issues, spec, "defaultAction", "spec");
  checkEnum(issues, action, "spec.defaultAction", ["Deny", "Pass"]);
  // The tiers Calico creates itself have a fixed order and default action (the Tier CRD's
  // validation rules); defaultAction defaults to Deny before the check.
  const reserved = name !== undefined ? RESERVED_TIERS.get(name) : undefined;
  if (reserved !== undefined) {
    if (order !== reserved.order) issues.add("spec.order", `${name} tier order must be ${reserved.order}`);
    if ((action ?? "Deny") !== reserved.defaultAction) issues.add("spec.defaultAction", `the '${name}' tier must have default action '${reserved.defaultAction}'`);
  }
}

export function checkNetworkSet(issues: Issues, spec: WireObject, meta: WireObject): void {
  checkKnownFields(issues, spec, "spec", ["nets", "allowedEgressDomains"]);
  optStringList(issues, spec, "nets", "spec")?.forEach((n, i) => {
    if (parseCidrOrIp(n) === undefined) issues.add(item("spec.nets", i), `invalid CIDR "${n}"`);
  });
  optStringList(issues, spec, "allowedEgressDomains", "spec")?.forEach((d, i) => {
    const e = checkDomain(d);
    if (e !== undefined) issues.add(item("spec.allowedEgressDomains", i), e);
  });
  const labels = meta["labels"];
  if (typeof labels === "object" && labels !== null && "projectcalico.org/namespace" in labels) {
    issues.add("metadata.labels.projectcalico.org/namespace", "projectcalico.org/namespace is not a valid label name (it is reserved)");
  }
}

function checkDuration(issues: Issues, obj: WireObject, key: string, path: string): number | undefined {
  const text = optString(issues, obj, key, path);
  if (text === undefined) return undefined;
  const seconds = parseGoDuration(text);
  if (seconds === undefined) issues.add(child(path, key), `invalid duration "${text}" (examples: "15s", "5m", "1h30m")`);
  return seconds;
}

const ALERT_FIELDS = ["type", "summary", "description", "severity", "period", "lookback", "dataSet", "query", "aggregateBy", "field", "metric", "condition", "threshold", "substitutions"];

export function checkGlobalAlert(issues: Issues, spec: WireObject): void {
  const p = "spec";
  checkKnownFields(issues, spec, p, ALERT_FIELDS);
  const type = optString(issues, spec, "type", p);
  checkEnum(issues, type, "spec.type", ["UserDefined", "AnomalyDetection", "RuleBased"]);
  const description = optString(issues, spec, "description", p);
  if (description === undefined || description === "") issues.add("spec.description", "description is required");
  const severity = optInteger(issues, spec, "severity", p);
  if (spec["severity"] === undefined) issues.add("spec.severity", "severity is required");
  else if (severity !== undefined && (severity < 1 || severity > 100)) issues.add("spec.severity", `invalid severity ${severity}: must be between 1 and 100`);
  checkDuration(issues, spec, "period", p);
  checkDuration(issues, spec, "lookback", p);
  const dataSet = optString(issues, spec, "dataSet", p);
  if ((type === undefined || type === "RuleBased" || type === "UserDefined") && (dataSet === undefined || dataSet === "")) issues.add("spec.dataSet", "dataSet is required");
  checkEnum(issues, dataSet, "spec.dataSet", ["audit", "dns", "flows", "l7", "vulnerability", "waf"]);
  optString(issues, spec, "query", p);
  const aggregateBy = optStringList(issues, spec, "aggregateBy", p) ?? [];
  const field = optString(issues, spec, "field", p);
  const metric = optString(issues, spec, "metric", p);
  checkEnum(issues, metric, "spec.metric", ["avg", "max", "min", "sum", "count"]);
  const condition = optString(issues, spec, "condition", p);
  checkEnum(issues, condition, "spec.condition", ["eq", "not_eq", "lt", "lte", "gt", "gte"]);
  const threshold = optNumber(issues, spec, "threshold", p);
  if (metric !== undefined && metric !== "count" && (field === undefined || field === "")) issues.add("spec.field", `field is required when metric is "${metric}"`);
  if (metric === "count" && field !== undefined && field !== "") issues.add("spec.field", 'field must not be set when metric is "count"');
  if (metric !== undefined && condition === undefined) issues.add("spec.condition", "condition is required when metric is set");
  if (metric !== undefined && threshold === undefined && spec["threshold"] === undefined) issues.add("spec.threshold", "threshold is required when metric is set");
  // Summary and description may only reference aggregateBy fields and the metric's value.
  const allowed = new Set([...aggregateBy, ...(metric !== undefined ? [metric] : [])]);
  for (const key of ["summary", "description"]) {
    const text = spec[key];
    if (typeof text !== "string") continue;
    for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
      const v = m[1] ?? "";
      if (!allowed.has(v)) issues.add(child(p, key), `invalid variable "\${${v}}": only aggregateBy fields and the metric can be substituted`);
    }
  }
  optList(issues, spec, "substitutions", p)?.forEach((raw, i) => {
    const sp = item("spec.substitutions", i);
    const sub = asObject(issues, raw, sp);
    if (sub === undefined) return;
    checkKnownFields(issues, sub, sp, ["name", "values"]);
    if (!optString(issues, sub, "name", sp)) issues.add(child(sp, "name"), "name is required");
    if ((optStringList(issues, sub, "values", sp) ?? []).length === 0) issues.add(child(sp, "values"), "values are required");
  });
}

export function checkThreatFeed(issues: Issues, spec: WireObject): void {
  const p = "spec";
  checkKnownFields(issues, spec, p, ["content", "mode", "description", "feedType", "globalNetworkSet", "pull"]);
  const content = optString(issues, spec, "content", p);
  checkEnum(issues, content, "spec.content", ["IPSet", "DomainNameSet"]);
  checkEnum(issues, optString(issues, spec, "mode", p), "spec.mode", ["Enabled", "Disabled"]);
  checkEnum(issues, optString(issues, spec, "feedType", p), "spec.feedType", ["Builtin", "Custom"]);
  optString(issues, spec, "description", p);
  const gns = optObject(issues, spec, "globalNetworkSet", p);
  if (gns !== undefined) {
    checkKnownFields(issues, gns, "spec.globalNetworkSet", ["labels"]);
    const labels = optStringMap(issues, gns, "labels", "spec.globalNetworkSet");
    if (labels !== undefined) checkLabels(issues, labels, "spec.globalNetworkSet.labels");
    // Palisade extension: a DomainNameSet feed fills the set's allowedEgressDomains, so DNS
    // policy can select it by label (Calico Enterprise only syncs IPSet feeds to a set).
  }
  const pull = optObject(issues, spec, "pull", p);
  if (pull === undefined) return;
  checkKnownFields(issues, pull, "spec.pull", ["period", "http"]);
  checkDuration(issues, pull, "period", "spec.pull");
  const http = optObject(issues, pull, "http", "spec.pull");
  if (http === undefined) {
    issues.add("spec.pull.http", "http is required when pull is set");
    return;
  }
  checkKnownFields(issues, http, "spec.pull.http", ["format", "url", "headers"]);
  const url = optString(issues, http, "url", "spec.pull.http");
  if (url === undefined || url === "") issues.add("spec.pull.http.url", "url is required");
  else if (!/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url)) issues.add("spec.pull.http.url", `invalid URL "${url}": must be an http or https URL`);
  optList(issues, http, "headers", "spec.pull.http")?.forEach((raw, i) => {
    const hp = item("spec.pull.http.headers", i);
    const h = asObject(issues, raw, hp);
    if (h === undefined) return;
    checkKnownFields(issues, h, hp, ["name", "value", "valueFrom"]);
    if (!optString(issues, h, "name", hp)) issues.add(child(hp, "name"), "name is required");
    optString(issues, h, "value", hp);
    if (h["value"] !== undefined && h["valueFrom"] !== undefined) issues.add(hp, "value and valueFrom cannot both be set");
    else if (h["valueFrom"] !== undefined) {
      const source = parseHeaderValueFrom(h["valueFrom"], child(hp, "valueFrom"));
      if (!source.ok) issues.add(source.error.path, source.error.message);
    }
  });
}

export function checkHostEndpoint(issues: Issues, spec: WireObject): void {
  const p = "spec";
  checkKnownFields(issues, spec, p, ["node", "interfaceName", "expectedIPs", "profiles", "ports"]);
  const node = optString(issues, spec, "node", p);
  if (node === undefined || node === "") issues.add("spec.node", "no node has been specified");
  const iface = optString(issues, spec, "interfaceName", p);
  if (iface !== undefined && iface !== "*" && !/^[a-zA-Z0-9_.-]{1,15}$/.test(iface)) issues.add("spec.interfaceName", `invalid interface name "${iface}"`);
  const ips = optStringList(issues, spec, "expectedIPs", p) ?? [];
  ips.forEach((ip, i) => {
    if (parseIp(ip) === undefined) issues.add(item("spec.expectedIPs", i), `invalid IP address "${ip}"`);
  });
  if ((iface === undefined || iface === "") && ips.length === 0) issues.add("spec.interfaceName", "no interface or expected IPs have been specified");
  optStringList(issues, spec, "profiles", p);
  optList(issues, spec, "ports", p)?.forEach((raw, i) => {
    const pp = item("spec.ports", i);
    const port = asObject(issues, raw, pp);
    if (port === undefined) return;
    checkKnownFields(issues, port, pp, ["name", "protocol", "port"]);
    const name = optString(issues, port, "name", pp);
    if (name === undefined || name === "") issues.add(child(pp, "name"), "name is required");
    else for (const e of portNameErrors(name)) issues.add(child(pp, "name"), `invalid port name "${name}": ${e}`);
    const { protocol, error } = parseProtocol(port["protocol"]);
    if (error !== undefined) issues.add(child(pp, "protocol"), error);
    else if (!protocolSupportsPorts(protocol)) issues.add(child(pp, "protocol"), "EndpointPort protocol does not support ports (use TCP, UDP or SCTP)");
    const n = optInteger(issues, port, "port", pp);
    if (n === undefined || n < 1 || n > 65535) issues.add(child(pp, "port"), "port must be between 1 and 65535");
  });
}

const V4_LINK_LOCAL = parseCidrOrIp("169.254.0.0/16");
const V6_LINK_LOCAL = parseCidrOrIp("fe80::/10");

export function checkIpPool(issues: Issues, spec: WireObject): void {
  const p = "spec";
  checkKnownFields(issues, spec, p, ["cidr", "blockSize", "ipipMode", "vxlanMode", "natOutgoing", "disabled", "disableBGPExport", "nodeSelector", "allowedUses", "assignmentMode"]);
  const ipip = optString(issues, spec, "ipipMode", p);
  const vxlan = optString(issues, spec, "vxlanMode", p);
  checkEnum(issues, ipip, "spec.ipipMode", ["Never", "Always", "CrossSubnet"]);
  checkEnum(issues, vxlan, "spec.vxlanMode", ["Never", "Always", "CrossSubnet"]);
  checkEnum(issues, optString(issues, spec, "assignmentMode", p), "spec.assignmentMode", ["Automatic", "Manual"]);
  for (const k of ["natOutgoing", "disabled", "disableBGPExport"]) optBool(issues, spec, k, p);
  const nodeSelector = optString(issues, spec, "nodeSelector", p);
  if (nodeSelector !== undefined && nodeSelector !== "") checkSelector(issues, nodeSelector, "spec.nodeSelector");
  const uses = optStringList(issues, spec, "allowedUses", p) ?? [];
  uses.forEach((u, i) => checkEnum(issues, u, item("spec.allowedUses", i), ["Workload", "Tunnel", "LoadBalancer"]));
  const lb = uses.includes("LoadBalancer");
  if (lb && uses.some((u) => u === "Workload" || u === "Tunnel")) issues.add("spec.allowedUses", "LoadBalancer cannot be combined with Workload or Tunnel");
  const enabled = (m: string | undefined): boolean => m === "Always" || m === "CrossSubnet";
  if (enabled(ipip) && enabled(vxlan)) issues.add("spec.vxlanMode", "ipipMode and vxlanMode cannot both be enabled");
  if (lb && (enabled(ipip) || enabled(vxlan))) issues.add("spec.allowedUses", "neither ipipMode nor vxlanMode can be enabled on a LoadBalancer IP pool");
  const cidrText = optString(issues, spec, "cidr", p);
  const blockSize = optInteger(issues, spec, "blockSize", p);
  if (cidrText === undefined || cidrText === "") {
    issues.add("spec.cidr", "IPPool CIDR must be specified");
    return;
  }
  const cidr = parseCidrOrIp(cidrText);
  if (cidr === undefined) {
    issues.add("spec.cidr", `invalid CIDR "${cidrText}": IPPool CIDR must be a valid subnet`);
    return;
  }
  const v4 = cidr.address.version === 4;
  if (!v4 && enabled(ipip)) issues.add("spec.ipipMode", "ipipMode other than Never is not supported on an IPv6 IP pool");
  if (blockSize !== undefined) {
    if (v4 && (blockSize < 20 || blockSize > 32)) issues.add("spec.blockSize", `invalid blockSize ${blockSize}: IPv4 block size must be between 20 and 32`);
    if (!v4 && (blockSize < 116 || blockSize > 128)) issues.add("spec.blockSize", `invalid blockSize ${blockSize}: IPv6 block size must be between 116 and 128`);
  }
  const effectiveBlock = blockSize ?? (v4 ? 26 : 122);
  if (spec["disabled"] !== true && cidr.prefix > effectiveBlock) issues.add("spec.cidr", `IP pool size is too small for use with Calico IPAM: the prefix must be /${effectiveBlock} or shorter (the block size)`);
  if (!isStrictlyMasked(cidr)) issues.add("spec.cidr", `IP pool CIDR "${cidrText}" is not strictly masked (did you mean "${formatNetwork(cidr)}"?)`);
  const linkLocal = v4 ? V4_LINK_LOCAL : V6_LINK_LOCAL;
  if (linkLocal !== undefined && cidrOverlaps(cidr, linkLocal)) issues.add("spec.cidr", `IP pool range overlaps with the ${v4 ? "IPv4 link local range 169.254.0.0/16" : "IPv6 link local range fe80::/10"}`);
}

const FELIX_DURATIONS = ["flowLogsFlushInterval", "dnsLogsFlushInterval", "l7LogsFlushInterval", "reportingInterval", "iptablesRefreshInterval", "routeRefreshInterval"];
const FELIX_BOOLS = ["flowLogsEnableNetworkSets", "flowLogsFileEnabled", "flowLogsCollectTcpStats", "dnsLogsFileEnabled", "flowLogsEnableHostEndpoint", "bpfEnabled"];

/** FelixConfiguration has hundreds of fields; only the flow-log ones the console edits are typed. */
export function checkFelixConfiguration(issues: Issues, spec: WireObject): void {
  for (const key of FELIX_DURATIONS) checkDuration(issues, spec, key, "spec");
  for (const key of FELIX_BOOLS) optBool(issues, spec, key, "spec");
  for (const key of ["flowLogsFileAggregationKindForAllowed", "flowLogsFileAggregationKindForDenied"]) {
    const v = optInteger(issues, spec, key, "spec");
    if (v !== undefined && (v < 0 || v > 3)) issues.add(child("spec", key), `invalid aggregation kind ${v}: must be between 0 and 3`);
  }
  const dns = optInteger(issues, spec, "dnsLogsFileAggregationKind", "spec");
  if (dns !== undefined && (dns < 0 || dns > 1)) issues.add("spec.dnsLogsFileAggregationKind", `invalid aggregation kind ${dns}: must be 0 or 1`);
}
