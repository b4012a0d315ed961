/**
 * Validation of Calico Rule and EntityRule objects, after libcalico-go's validateRule and
 * validateEntityRule (lib/validator/v3/validator.go) and the field tags in
 * api/pkg/apis/projectcalico/v3/policy_common.go.
 */
import { checkAnnotations, checkEnum, checkKnownFields, child, item, optInteger, optList, optObject, optString, optStringList, optStringMap, asObject, type Issues, type WireObject } from "@/lib/calico/field-checks";
import { dns1123SubdomainErrors } from "@/lib/calico/k8s-names";
import { parseCidr, isStrictlyMasked, formatNetwork } from "@/lib/net/ip";
import { parsePort, parseProtocol } from "@/lib/net/ports";
import { isIcmpProtocol, protocolSupportsPorts } from "@/lib/net/protocols";
import { checkGlobalAlone, checkNoGlobal, checkSelector } from "@/lib/calico/selector-check";
import { ACTIONS } from "@/lib/calico/types";
import type { Protocol } from "@/lib/calico/types";
import { checkDomain } from "@/lib/net/domains";

export type RuleDirection = "ingress" | "egress";

const RULE_FIELDS = ["action", "ipVersion", "protocol", "notProtocol", "icmp", "notICMP", "source", "destination", "http", "metadata"] as const;
const ENTITY_FIELDS = ["nets", "notNets", "selector", "notSelector", "namespaceSelector", "ports", "notPorts", "serviceAccounts", "services", "domains"] as const;

function checkIcmp(issues: Issues, icmp: WireObject, path: string): void {
  checkKnownFields(issues, icmp, path, ["type", "code"]);
  const type = optInteger(issues, icmp, "type", path);
  const code = optInteger(issues, icmp, "code", path);
  if (type !== undefined && (type < 0 || type > 254)) issues.add(child(path, "type"), `invalid ICMP type ${type}: must be between 0 and 254`);
  if (code !== undefined && (code < 0 || code > 255)) issues.add(child(path, "code"), `invalid ICMP code ${code}: must be between 0 and 255`);
  if (icmp["code"] !== undefined && icmp["code"] !== null && (icmp["type"] === undefined || icmp["type"] === null)) {
    issues.add(child(path, "code"), "ICMP code specified without an ICMP type");
  }
}

/** Checks a port list; returns how many ports it has and how many of them are numeric (not named). */
function checkPorts(issues: Issues, entity: WireObject, key: "ports" | "notPorts", path: string): { readonly count: number; readonly numeric: number } {
  const list = optList(issues, entity, key, path);
  if (list === undefined) return { count: 0, numeric: 0 };
  let numeric = 0;
  list.forEach((p, i) => {
    const { port, error } = parsePort(p);
    if (error !== undefined) issues.add(item(child(path, key), i), error);
    else if (port?.kind === "range") numeric++;
  });
  return { count: list.length, numeric };
}

interface NetScan {
  v4: boolean;
  v6: boolean;
}

function checkNets(issues: Issues, entity: WireObject, key: "nets" | "notNets", path: string, ipVersion: number | undefined, seen: NetScan): void {
  const nets = optStringList(issues, entity, key, path);
  if (nets === undefined) return;
  const p = child(path, key);
  let v4 = false;
  let v6 = false;
  nets.forEach((n, i) => {
    const cidr = parseCidr(n);
    if (cidr === undefined) {
      issues.add(item(p, i), `invalid CIDR "${n}"`);
      return;
    }
    if (!isStrictlyMasked(cidr)) issues.add(item(p, i), `invalid CIDR "${n}": host bits must be zero (did you mean "${formatNetwork(cidr)}"?)`);
    if (cidr.address.version === 4) v4 = true;
    else v6 = true;
    // libcalico-go: a catch-all CIDR under notNets matches no traffic at all.
    if (key === "notNets" && cidr.prefix === 0) issues.add(item(p, i), `catch-all CIDR "${n}" in notNets creates a logical contradiction (matches no traffic)`);
  });
  if (ipVersion !== undefined && ((v4 && ipVersion !== 4) || (v6 && ipVersion !== 6))) issues.add(p, "rule IP version doesn't match CIDR version");
  if ((v4 && seen.v6) || (v6 && seen.v4) || (v4 && v6)) issues.add(p, "rule contains both IPv4 and IPv6 CIDRs");
  seen.v4 = seen.v4 || v4;
  seen.v6 = seen.v6 || v6;
}

interface EntityContext {
  readonly side: "source" | "destination";
  readonly direction: RuleDirection;
  readonly action: string | undefined;
  readonly protocol: Protocol | undefined;
  readonly ipVersion: number | undefined;
  readonly global: boolean;
}

function checkEntity(issues: Issues, entity: WireObject, path: string, ctx: EntityContext, seen: NetScan): void {
  checkKnownFields(issues, entity, path, ENTITY_FIELDS);
  for (const key of ["selector", "notSelector"] as const) {
    const s = optString(issues, entity, key, path);
    if (s !== undefined && s !== "" && checkSelector(issues, s, child(path, key))) checkNoGlobal(issues, s, child(path, key));
  }
  const nsSel = optString(issues, entity, "namespaceSelector", path);
  if (nsSel !== undefined && nsSel !== "" && checkSelector(issues, nsSel, child(path, "namespaceSelector"))) {
    checkGlobalAlone(issues, nsSel, child(path, "namespaceSelector"));
  }
  checkNets(issues, entity, "nets", path, ctx.ipVersion, seen);
  checkNets(issues, entity, "notNets", path, ctx.ipVersion, seen);
  const ports = checkPorts(issues, entity, "ports", path);
  const notPorts = checkPorts(issues, entity, "notPorts", path);
  const portCount = ports.count;
  const notPortCount = notPorts.count;
  // libcalico-go validateRule: without a protocol only named ports are allowed (a named port
  // resolves with the endpoint's own protocol); with a protocol that has no ports, none are.
  if (ctx.protocol === undefined) {
    const msg = "rules with numeric port or port range must set protocol to TCP, UDP or SCTP";
    if (ports.numeric > 0) issues.add(child(path, "ports"), msg);
    if (notPorts.numeric > 0) issues.add(child(path, "notPorts"), msg);
  } else if (!protocolSupportsPorts(ctx.protocol)) {
    const msg = "rules that specify ports must set protocol to TCP, UDP or SCTP";
    if (portCount > 0) issues.add(child(path, "ports"), msg);
    if (notPortCount > 0) issues.add(child(path, "notPorts"), msg);
  }
  const sa = optObject(issues, entity, "serviceAccounts", path);
  if (sa !== undefined) {
    const saPath = child(path, "serviceAccounts");
    checkKnownFields(issues, sa, saPath, ["names", "selector"]);
    optStringList(issues, sa, "names", saPath);
    const sel = optString(issues, sa, "selector", saPath);
    if (sel !== undefined && sel !== "") checkSelector(issues, sel, child(saPath, "selector"));
  }
  const services = optObject(issues, entity, "services", path);
  if (services !== undefined) checkServices(issues, entity, services, child(path, "services"), ctx, portCount + notPortCount);
  const domains = optStringList(issues, entity, "domains", path);
  if (domains !== undefined && domains.length > 0) checkDomainsUse(issues, entity, domains, child(path, "domains"), ctx);
}

function checkServices(issues: Issues, entity: WireObject, services: WireObject, path: string, ctx: EntityContext, portCount: number): void {
  checkKnownFields(issues, services, path, ["name", "namespace"]);
  const name = optString(issues, services, "name", path);
  const namespace = optString(issues, services, "namespace", path);
  if (name === undefined || name === "") issues.add(child(path, "name"), "must specify a service name");
  else for (const e of dns1123SubdomainErrors(name)) issues.add(child(path, "name"), `invalid service name "${name}": ${e}`);
  if (namespace !== undefined && namespace !== "") for (const e of dns1123SubdomainErrors(namespace)) issues.add(child(path, "namespace"), `invalid namespace "${namespace}": ${e}`);
  const has = (k: string): boolean => entity[k] !== undefined && entity[k] !== null && entity[k] !== "" && !(Array.isArray(entity[k]) && (entity[k] as unknown[]).length === 0);
  if (has("namespaceSelector")) issues.add(path, "cannot specify NamespaceSelector and Services on the same rule");
  if (has("selector") || has("notSelector")) issues.add(path, "cannot specify Selector/NotSelector and Services on the same rule");
  if (has("serviceAccounts")) issues.add(path, "cannot specify ServiceAccounts and Services on the same rule");
  if (has("nets") || has("notNets")) issues.add(path, "cannot specify Nets/NotNets and Services on the same rule");
  if (ctx.side === "destination" && portCount > 0) issues.add(path, "cannot specify ports or notPorts with a service selector");
  if (ctx.direction === "egress" && ctx.side === "source") issues.add(path, "services are not allowed in egress rule source");
  if (ctx.direction === "ingress" && ctx.side === "destination") issues.add(path, "services are not allowed in ingress rule destination");
  if (ctx.global && (namespace === undefined || namespace === "") && ((ctx.direction === "egress" && ctx.side === "destination") || (ctx.direction === "ingress" && ctx.side === "source"))) {
    issues.add(child(path, "namespace"), "must specify a namespace (service names in a global policy are not namespaced)");
  }
}

// Calico Enterprise DNS policy: domains only in the destination of egress Allow rules, and never
// together with nets or selector (docs: "domains ... valid for egress Allow rules only ... nets and
// selector must both be left empty").
function checkDomainsUse(issues: Issues, entity: WireObject, domains: readonly string[], path: string, ctx: EntityContext): void {
  domains.forEach((d, i) => {
    const e = checkDomain(d);
    if (e !== undefined) issues.add(item(path, i), e);
  });
  if (ctx.side === "source") issues.add(path, "domains are only allowed in the destination of a rule");
  else if (ctx.direction !== "egress") issues.add(path, "domains are only allowed in egress rules");
  if (ctx.action !== undefined && ctx.action !== "Allow") issues.add(path, "domains are only allowed in Allow rules");
  const nets = entity["nets"];
  if (Array.isArray(nets) && nets.length > 0) issues.add(path, "domains cannot be combined with nets");
  if (typeof entity["selector"] === "string" && entity["selector"] !== "") issues.add(path, "domains cannot be combined with selector");
}

function checkHttp(issues: Issues, http: WireObject, path: string): void {
  checkKnownFields(issues, http, path, ["methods", "paths"]);
  const methods = optStringList(issues, http, "methods", path);
  if (methods !== undefined && new Set(methods).size !== methods.length) issues.add(child(path, "methods"), `invalid methods (duplicates): ${methods.join(", ")}`);
  const paths = optList(issues, http, "paths", path);
  paths?.forEach((raw, i) => {
    const p = item(child(path, "paths"), i);
    const obj = asObject(issues, raw, p);
    if (obj === undefined) return;
    checkKnownFields(issues, obj, p, ["exact", "prefix"]);
    const exact = optString(issues, obj, "exact", p) ?? "";
    const prefix = optString(issues, obj, "prefix", p) ?? "";
    if (exact !== "" && prefix !== "") return issues.add(p, "invalid path match: both 'exact' and 'prefix' are set");
    const v = exact !== "" ? exact : prefix;
    if (v === "") return issues.add(p, "invalid path match: either 'exact' or 'prefix' must be set");
    if (!v.startsWith("/") || /[? #]/.test(v)) issues.add(child(p, exact !== "" ? "exact" : "prefix"), `invalid path "${v}": must start with "/" and not contain "?", "#" or spaces`);
  });
}

function readProtocol(issues: Issues, rule: WireObject, key: "protocol" | "notProtocol", path: string): Protocol | undefined {
  const raw = rule[key];
  if (raw === undefined || raw === null) return undefined;
  const { protocol, error } = parseProtocol(raw);
  if (error !== undefined) issues.add(child(path, key), error);
  return protocol;
}

/** Validates one rule of a Calico policy (or staged policy) at `path`, reporting every problem. */
export function checkRule(issues: Issues, raw: unknown, path: string, direction: RuleDirection, global: boolean): void {
  const rule = asObject(issues, raw, path);
  if (rule === undefined) return;
  checkKnownFields(issues, rule, path, RULE_FIELDS);
  const action = optString(issues, rule, "action", path);
  if (action === undefined || action === "") issues.add(child(path, "action"), "action is required");
  else checkEnum(issues, action, child(path, "action"), ACTIONS);
  const ipVersion = optInteger(issues, rule, "ipVersion", path);
  if (ipVersion !== undefined && ipVersion !== 4 && ipVersion !== 6) issues.add(child(path, "ipVersion"), `invalid IP version ${ipVersion}: must be 4 or 6`);
  const protocol = readProtocol(issues, rule, "protocol", path);
  const notProtocol = readProtocol(issues, rule, "notProtocol", path);
  for (const key of ["icmp", "notICMP"] as const) {
    const icmp = optObject(issues, rule, key, path);
    if (icmp !== undefined) checkIcmp(issues, icmp, child(path, key));
  }
  if (rule["icmp"] !== undefined && rule["icmp"] !== null && !isIcmpProtocol(protocol)) issues.add(child(path, "icmp"), "rules that specify ICMP fields must set protocol to ICMP or ICMPv6");
  const isV4Icmp = (p: Protocol | undefined): boolean => p === "ICMP" || p === 1;
  const isV6Icmp = (p: Protocol | undefined): boolean => p === "ICMPv6" || p === 58;
  if ((isV4Icmp(protocol) || isV4Icmp(notProtocol)) && ipVersion !== undefined && ipVersion !== 4) issues.add(child(path, "ipVersion"), "must set ipVersion to 4 with protocol ICMP");
  if ((isV6Icmp(protocol) || isV6Icmp(notProtocol)) && ipVersion !== undefined && ipVersion !== 6) issues.add(child(path, "ipVersion"), "must set ipVersion to 6 with protocol ICMPv6");
  const seen: NetScan = { v4: false, v6: false };
  for (const side of ["source", "destination"] as const) {
    const entity = optObject(issues, rule, side, path);
    if (entity !== undefined) checkEntity(issues, entity, child(path, side), { side, direction, action, protocol, ipVersion, global }, seen);
  }
  const http = optObject(issues, rule, "http", path);
  if (http !== undefined) {
    checkHttp(issues, http, child(path, "http"));
    if (protocol !== undefined && protocol !== "TCP" && protocol !== 6) issues.add(child(path, "protocol"), "rules that specify HTTP fields must set protocol to TCP or leave it empty");
    if (action !== undefined && action !== "Allow") issues.add(child(path, "http"), "HTTP match is only valid on Allow rules");
    if (direction === "egress") issues.add(child(path, "http"), "HTTP match is not allowed in egress rules");
  }
  const metadata = optObject(issues, rule, "metadata", path);
  if (metadata !== undefined) {
    const mp = child(path, "metadata");
    checkKnownFields(issues, metadata, mp, ["annotations"]);
    const annotations = optStringMap(issues, metadata, "annotations", mp);
    if (annotations !== undefined) checkAnnotations(issues, annotations, child(mp, "annotations"));
  }
}
