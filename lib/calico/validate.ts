/**
 * Entry points: `validateResource` (one decoded object) and `parseResources` (text with any
 * number of documents). Both accept Calico `projectcalico.org/v3`, the `crd.projectcalico.org/v1`
 * CRD form and Kubernetes `networking.k8s.io/v1` NetworkPolicy, normalise them to the model in
 * types.ts, and report every problem as a FieldError naming the field path. Neither throws.
 */
import { unsupportedKindMessage } from "@/lib/calico/unsupported-kinds";
import type { FieldError } from "@/lib/errors";
import { Issues, asObject, checkKnownFields, isWireObject, type WireObject } from "@/lib/calico/field-checks";
import { parseRawDocuments } from "@/lib/calico/parse";
import { parseProtocol } from "@/lib/net/ports";
import { NAMESPACED_KINDS, RESOURCE_KINDS } from "@/lib/calico/types";
import type { CalicoResource, ResourceKind } from "@/lib/calico/types";
import { checkMetadata, type NameRule } from "@/lib/calico/validate-meta";
import { checkCalicoPolicySpec, type PolicyNamingOptions } from "@/lib/calico/validate-policy";
import { checkK8sPolicySpec } from "@/lib/calico/validate-k8s";
import { checkClusterNetworkPolicySpec } from "@/lib/calico/validate-cnp";
import { checkFelixConfiguration, checkGlobalAlert, checkHostEndpoint, checkIpPool, checkNetworkSet, checkThreatFeed, checkTierSpec } from "@/lib/calico/validate-resources";

export const CALICO_API_VERSION = "projectcalico.org/v3";
export const CALICO_CRD_API_VERSION = "crd.projectcalico.org/v1";
export const K8S_NETWORKING_API_VERSION = "networking.k8s.io/v1";
/** Kubernetes ClusterNetworkPolicy (sigs.k8s.io/network-policy-api), as Calico ≥ 3.30 reads it. */
export const K8S_POLICY_API_VERSION = "policy.networking.k8s.io/v1alpha2";

/** Options for validation; see PolicyNamingOptions. */
export type ValidateOptions = PolicyNamingOptions;

/** The outcome of validating one object: the normalised resource when there are no errors. */
export interface ValidationResult {
  readonly resource?: CalicoResource;
  readonly errors: readonly FieldError[];
}

/** One document of a text, validated. `kind` is the wire kind as written. */
export interface ParsedDocument {
  readonly index: number;
  readonly line: number;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly resource?: CalicoResource;
  readonly errors: readonly FieldError[];
}

const CALICO_WIRE_KINDS: readonly ResourceKind[] = RESOURCE_KINDS.filter((k) => k !== "KubernetesNetworkPolicy" && k !== "ClusterNetworkPolicy");

const NAME_RULES: Readonly<Record<ResourceKind, NameRule>> = {
  Tier: "tier",
  NetworkPolicy: "networkPolicy",
  StagedNetworkPolicy: "networkPolicy",
  GlobalNetworkPolicy: "globalNetworkPolicy",
  StagedGlobalNetworkPolicy: "globalNetworkPolicy",
  KubernetesNetworkPolicy: "subdomain",
  StagedKubernetesNetworkPolicy: "subdomain",
  ClusterNetworkPolicy: "subdomain",
  NetworkSet: "subdomain",
  GlobalNetworkSet: "subdomain",
  GlobalAlert: "subdomain",
  GlobalThreatFeed: "subdomain",
  HostEndpoint: "subdomain",
  IPPool: "subdomain",
  FelixConfiguration: "felixConfiguration",
};

/** Maps apiVersion + wire kind to the model kind, or explains why the pair is not supported. */
function modelKindOf(apiVersion: string | undefined, kind: string): { kind?: ResourceKind; error?: string } {
  const isKind = (k: string): k is ResourceKind => (RESOURCE_KINDS as readonly string[]).includes(k);
  if (apiVersion === undefined) {
    // Model form (no apiVersion), as produced by Palisade itself.
    return isKind(kind) ? { kind } : { error: `unsupported kind "${kind}"` };
  }
  if (apiVersion === K8S_NETWORKING_API_VERSION) {
    return kind === "NetworkPolicy" ? { kind: "KubernetesNetworkPolicy" } : { error: `unsupported kind "${kind}" for ${apiVersion} (only NetworkPolicy)` };
  }
  if (apiVersion === K8S_POLICY_API_VERSION) {
    return kind === "ClusterNetworkPolicy" ? { kind: "ClusterNetworkPolicy" } : { error: `unsupported kind "${kind}" for ${apiVersion} (only ClusterNetworkPolicy)` };
  }
  if (apiVersion === CALICO_API_VERSION || apiVersion === CALICO_CRD_API_VERSION) {
    if (isKind(kind) && (CALICO_WIRE_KINDS as readonly string[]).includes(kind)) return { kind };
    const known = unsupportedKindMessage(kind, apiVersion);
    if (known !== undefined) return { error: known };
    return { error: `unsupported kind "${kind}" for ${apiVersion} (supported: ${CALICO_WIRE_KINDS.join(", ")})` };
  }
  return { error: `unsupported apiVersion "${apiVersion}" (supported: ${CALICO_API_VERSION}, ${CALICO_CRD_API_VERSION}, ${K8S_NETWORKING_API_VERSION}, ${K8S_POLICY_API_VERSION})` };
}

function checkSpec(issues: Issues, kind: ResourceKind, spec: WireObject, meta: WireObject, name: string | undefined, options: ValidateOptions): void {
  switch (kind) {
    case "NetworkPolicy":
    case "GlobalNetworkPolicy":
    case "StagedNetworkPolicy":
    case "StagedGlobalNetworkPolicy":
      return checkCalicoPolicySpec(issues, kind, spec, name, options);
    case "KubernetesNetworkPolicy":
      return checkK8sPolicySpec(issues, spec, false);
    case "StagedKubernetesNetworkPolicy":
      return checkK8sPolicySpec(issues, spec, true);
    case "ClusterNetworkPolicy":
      return checkClusterNetworkPolicySpec(issues, spec);
    case "Tier":
      return checkTierSpec(issues, spec, name);
    case "NetworkSet":
    case "GlobalNetworkSet":
      return checkNetworkSet(issues, spec, meta);
    case "GlobalAlert":
      return checkGlobalAlert(issues, spec);
    case "GlobalThreatFeed":
      return checkThreatFeed(issues, spec);
    case "HostEndpoint":
      return checkHostEndpoint(issues, spec);
    case "IPPool":
      return checkIpPool(issues, spec);
    case "FelixConfiguration":
      return checkFelixConfiguration(issues, spec);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Upstream decodes protocol "6" as the number 6; do the same so the model holds ProtocolName | number. */
function normaliseRuleProtocols(spec: WireObject): WireObject {
  const fixRule = (rule: unknown): unknown => {
    if (!isWireObject(rule)) return rule;
    const out: Record<string, unknown> = { ...rule };
    for (const key of ["protocol", "notProtocol"]) {
      const parsed = parseProtocol(out[key]);
      if (out[key] !== undefined && parsed.protocol !== undefined) out[key] = parsed.protocol;
    }
    return out;
  };
  const out: Record<string, unknown> = { ...spec };
  for (const dir of ["ingress", "egress"]) {
    const rules = out[dir];
    if (Array.isArray(rules)) out[dir] = rules.map(fixRule);
  }
  return out;
}

interface Examined extends ValidationResult {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

/**
 * Kubernetes decodes an explicit `null` object field as "unset" (YAML `source:` with nothing
 * after it is such a null; the seeds write it). Drop them before validation so the model never
 * holds nulls. Array elements are left alone: a null there is an error the validator reports.
 */
function dropNullFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNullFields);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNullFields(v);
  return out;
}

function examine(input: unknown, options: ValidateOptions): Examined {
  const issues = new Issues();
  const raw = dropNullFields(input);
  const top = asObject(issues, raw, "");
  if (top === undefined) return { errors: issues.list.map((e) => ({ path: e.path, message: `a resource ${e.message}` })) };
  checkKnownFields(issues, top, "", ["apiVersion", "kind", "metadata", "spec", "status"]);
  const apiVersion = typeof top["apiVersion"] === "string" ? top["apiVersion"] : undefined;
  if (top["apiVersion"] !== undefined && apiVersion === undefined) issues.add("apiVersion", "must be a string");
  const wireKind = typeof top["kind"] === "string" ? top["kind"] : undefined;
  const meta = isWireObject(top["metadata"]) ? top["metadata"] : undefined;
  const reportName = typeof meta?.["name"] === "string" ? meta["name"] : undefined;
  const reportNamespace = typeof meta?.["namespace"] === "string" ? meta["namespace"] : undefined;
  const report = { ...(wireKind !== undefined ? { kind: wireKind } : {}), ...(reportName !== undefined ? { name: reportName } : {}), ...(reportNamespace !== undefined ? { namespace: reportNamespace } : {}) };
  if (wireKind === undefined || wireKind === "") {
    issues.add("kind", "kind is required");
    return { ...report, errors: issues.list };
  }
  if (top["apiVersion"] === undefined && !(RESOURCE_KINDS as readonly string[]).includes(wireKind)) issues.add("apiVersion", "apiVersion is required");
  const mapped = modelKindOf(apiVersion, wireKind);
  if (mapped.kind === undefined) {
    issues.add(mapped.error?.startsWith("unsupported apiVersion") === true ? "apiVersion" : "kind", mapped.error ?? "unsupported kind");
    return { ...report, errors: issues.list };
  }
  const kind = mapped.kind;
  if (meta === undefined) issues.add("metadata", top["metadata"] === undefined ? "metadata is required" : "must be an object");
  const metaChecked = meta === undefined ? {} : checkMetadata(issues, meta, { kind: wireKind, namespaced: NAMESPACED_KINDS.has(kind), nameRule: NAME_RULES[kind] });
  const specRaw = top["spec"] ?? {};
  const spec = asObject(issues, specRaw, "spec");
  if (spec !== undefined) checkSpec(issues, kind, spec, meta ?? {}, metaChecked.name, options);
  if (issues.list.length > 0 || meta === undefined || spec === undefined) return { ...report, errors: issues.list };
  const normalisedSpec = kind === "KubernetesNetworkPolicy" || kind === "StagedKubernetesNetworkPolicy" || kind === "ClusterNetworkPolicy" ? spec : normaliseRuleProtocols(spec);
  // Safe: every field of metadata and spec was checked against the schema of `kind` above.
  // A GlobalThreatFeed keeps its status (written by the feed sync, shown by the console).
  const status = kind === "GlobalThreatFeed" && isWireObject(top["status"]) ? { status: top["status"] } : {};
  const resource = { kind, metadata: meta, spec: normalisedSpec, ...status } as unknown as CalicoResource;
  return { ...report, resource, errors: [] };
}

/** The namespace a namespaced object without one takes (kubectl's and calicoctl's default context). */
export const DEFAULT_NAMESPACE = "default";

/**
 * A namespaced resource without `metadata.namespace` (or with an empty one) in namespace
 * `default`, as kubectl and calicoctl send it; other resources unchanged.
 */
export function withDefaultNamespace<R extends CalicoResource>(resource: R): R {
  if (!NAMESPACED_KINDS.has(resource.kind) || (resource.metadata.namespace !== undefined && resource.metadata.namespace !== "")) return resource;
  return { ...resource, metadata: { ...resource.metadata, namespace: DEFAULT_NAMESPACE } };
}

/**
 * Validates one decoded object (wire form of any accepted apiVersion, or Palisade's model form
 * without apiVersion). Returns the normalised resource when valid, otherwise every error with its
 * field path. Never throws.
 */
export function validateResource(raw: unknown, options: ValidateOptions = {}): ValidationResult {
  const { resource, errors } = examine(raw, options);
  return resource === undefined ? { errors } : { resource, errors };
}

/**
 * Parses and validates every document in `text` (YAML, JSON, lists). Documents come back in
 * order with their start line; YAML syntax errors are reported with line and column. Never throws.
 */
export function parseResources(text: string, options: ValidateOptions = {}): { readonly documents: readonly ParsedDocument[] } {
  const documents = parseRawDocuments(text).map((doc): ParsedDocument => {
    if (doc.errors.length > 0) return { index: doc.index, line: doc.line, errors: doc.errors };
    const r = examine(doc.value, options);
    if (r.resource === undefined) return { index: doc.index, line: doc.line, ...r };
    const resource = withDefaultNamespace(r.resource);
    const namespace = resource.metadata.namespace;
    return { index: doc.index, line: doc.line, ...r, resource, ...(namespace !== undefined ? { namespace } : {}) };
  });
  return { documents };
}
