/**
 * The policy editor's form model and its conversion to and from resources. The form and the
 * YAML tab stay in sync by converting through the resource: form → fromPolicyForm → YAML, and
 * YAML → parse → toPolicyForm. Calico kinds get a full form (every field of the rule model);
 * Kubernetes NetworkPolicies get a form for name, namespace, types and staging, with podSelector
 * and rules carried as they are (their editor is the YAML tab).
 */
import type {
  CalicoResource,
  K8sNetworkPolicySpec,
  LabelSelector,
  ObjectMeta,
  PolicySpec,
  PolicyType,
  StagedAction,
} from "@/lib/calico/types";
import { validateResource } from "@/lib/calico";
import type { FieldError } from "@/lib/errors";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { KeyValueRow, RuleForm, SelectorField } from "@/lib/board/rule-form";
import { fromRuleForm, fromSelectorField, toRuleForm, toSelectorField } from "@/lib/board/rule-form";
import type { EditablePolicyResource, PolicyResource } from "@/lib/board/types";

interface FormCommon {
  readonly name: string;
  /** Used by namespaced kinds only. */
  readonly namespace: string;
  /** Save as the staged kind (StagedNetworkPolicy, …). */
  readonly staged: boolean;
  /** "" = leave `stagedAction` out (Calico reads that as Set). */
  readonly stagedAction: StagedAction | "";
  /** False = leave `types` out and let Calico default them from the rules. */
  readonly explicitTypes: boolean;
  readonly types: readonly PolicyType[];
  readonly labels: readonly KeyValueRow[];
  /** Other metadata (annotations, resourceVersion, …), carried through unchanged. */
  readonly metadata: ObjectMeta;
}

/** Form of a Calico NetworkPolicy / GlobalNetworkPolicy (or their staged kinds). */
export interface CalicoPolicyForm extends FormCommon {
  readonly mode: "calico";
  readonly scope: "namespace" | "global";
  /** "" = the default tier (field left out). */
  readonly tier: string;
  /** "" = no order (evaluated last in its tier). */
  readonly order: string;
  readonly selector: SelectorField;
  readonly serviceAccountSelector: SelectorField;
  /** Global scope only. */
  readonly namespaceSelector: SelectorField;
  readonly ingress: readonly RuleForm[];
  readonly egress: readonly RuleForm[];
  readonly doNotTrack: boolean;
  readonly preDNAT: boolean;
  readonly applyOnForward: boolean;
  readonly performanceHints: readonly string[];
}

/** Form of a Kubernetes NetworkPolicy (or StagedKubernetesNetworkPolicy). */
export interface KubernetesPolicyForm extends FormCommon {
  readonly mode: "kubernetes";
  readonly podSelector: LabelSelector;
  readonly ingress: K8sNetworkPolicySpec["ingress"];
  readonly egress: K8sNetworkPolicySpec["egress"];
}

export type PolicyForm = CalicoPolicyForm | KubernetesPolicyForm;

function labelRows(meta: ObjectMeta): KeyValueRow[] {
  return Object.entries(meta.labels ?? {}).map(([key, value]) => ({ key, value }));
}

function restMetadata(meta: ObjectMeta): ObjectMeta {
  const { name: _n, namespace: _ns, labels: _l, ...rest } = meta;
  return { name: "", ...rest };
}

/** The form for a policy resource; every field of the resource is represented. Never throws. */
export function toPolicyForm(resource: EditablePolicyResource): PolicyForm {
  const common = {
    name: resource.metadata.name,
    namespace: resource.metadata.namespace ?? "",
    labels: labelRows(resource.metadata),
    metadata: restMetadata(resource.metadata),
  };
  if (resource.kind === "KubernetesNetworkPolicy" || resource.kind === "StagedKubernetesNetworkPolicy") {
    const spec = resource.spec;
    return {
      mode: "kubernetes",
      ...common,
      staged: resource.kind === "StagedKubernetesNetworkPolicy",
      stagedAction: resource.kind === "StagedKubernetesNetworkPolicy" ? resource.spec.stagedAction ?? "" : "",
      explicitTypes: spec.policyTypes !== undefined && spec.policyTypes.length > 0,
      types: spec.policyTypes ?? [],
      // Safe (widening): a staged Delete has an empty spec, so podSelector may really be missing.
      podSelector: (spec.podSelector as LabelSelector | undefined) ?? {},
      ingress: spec.ingress,
      egress: spec.egress,
    };
  }
  const spec: PolicySpec = resource.spec;
  const staged = resource.kind === "StagedNetworkPolicy" || resource.kind === "StagedGlobalNetworkPolicy";
  return {
    mode: "calico",
    ...common,
    scope: resource.kind === "NetworkPolicy" || resource.kind === "StagedNetworkPolicy" ? "namespace" : "global",
    staged,
    stagedAction: staged ? resource.spec.stagedAction ?? "" : "",
    tier: spec.tier ?? "",
    order: spec.order === undefined ? "" : String(spec.order),
    selector: toSelectorField(spec.selector),
    serviceAccountSelector: toSelectorField(spec.serviceAccountSelector),
    namespaceSelector: toSelectorField(spec.namespaceSelector),
    explicitTypes: spec.types !== undefined && spec.types.length > 0,
    types: spec.types ?? [],
    ingress: (spec.ingress ?? []).map(toRuleForm),
    egress: (spec.egress ?? []).map(toRuleForm),
    doNotTrack: spec.doNotTrack === true,
    preDNAT: spec.preDNAT === true,
    applyOnForward: spec.applyOnForward === true,
    performanceHints: spec.performanceHints ?? [],
  };
}

function metadataOf(form: PolicyForm, namespaced: boolean): ObjectMeta {
  const labels = Object.fromEntries(form.labels.filter((l) => l.key.trim() !== "").map((l) => [l.key.trim(), l.value]));
  const { name: _n, namespace: _ns, labels: _l, ...rest } = form.metadata;
  return {
    name: form.name.trim(),
    ...(namespaced ? { namespace: form.namespace.trim() } : {}),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...rest,
  };
}

function typesOf(form: PolicyForm): readonly PolicyType[] | undefined {
  if (!form.explicitTypes) return undefined;
  // Keep Calico's canonical order and drop duplicates.
  return (["Ingress", "Egress"] as const).filter((t) => form.types.includes(t));
}

function calicoSpec(form: CalicoPolicyForm, errors: FieldError[]): Record<string, unknown> {
  const order = form.order.trim();
  let orderValue: number | undefined;
  if (order !== "") {
    orderValue = Number(order);
    if (!Number.isFinite(orderValue)) errors.push({ path: "spec.order", message: `order must be a number, not "${form.order}"` });
  }
  const global = form.scope === "global";
  const types = typesOf(form);
  const selector = fromSelectorField(form.selector);
  const saSelector = fromSelectorField(form.serviceAccountSelector);
  const nsSelector = global ? fromSelectorField(form.namespaceSelector) : undefined;
  const ingress = form.ingress.map((r, i) => fromRuleForm(r, `spec.ingress[${i}]`, errors));
  const egress = form.egress.map((r, i) => fromRuleForm(r, `spec.egress[${i}]`, errors));
  const hints = form.performanceHints.filter((h) => h.trim() !== "");
  return {
    ...(form.tier.trim() !== "" ? { tier: form.tier.trim() } : {}),
    ...(orderValue !== undefined && Number.isFinite(orderValue) ? { order: orderValue } : {}),
    ...(selector !== undefined ? { selector } : {}),
    ...(saSelector !== undefined ? { serviceAccountSelector: saSelector } : {}),
    ...(nsSelector !== undefined ? { namespaceSelector: nsSelector } : {}),
    ...(types !== undefined ? { types } : {}),
    ...(form.staged && form.stagedAction !== "" ? { stagedAction: form.stagedAction } : {}),
    ...(ingress.length > 0 ? { ingress } : {}),
    ...(egress.length > 0 ? { egress } : {}),
    ...(global && form.doNotTrack ? { doNotTrack: true } : {}),
    ...(global && form.preDNAT ? { preDNAT: true } : {}),
    ...(global && form.applyOnForward ? { applyOnForward: true } : {}),
    ...(hints.length > 0 ? { performanceHints: hints } : {}),
  };
}

function k8sSpec(form: KubernetesPolicyForm): Record<string, unknown> {
  const types = typesOf(form);
  if (form.staged && form.stagedAction === "Delete") return { stagedAction: "Delete" };
  return {
    podSelector: form.podSelector,
    ...(types !== undefined ? { policyTypes: types } : {}),
    ...(form.staged && form.stagedAction !== "" ? { stagedAction: form.stagedAction } : {}),
    ...(form.ingress !== undefined ? { ingress: form.ingress } : {}),
    ...(form.egress !== undefined ? { egress: form.egress } : {}),
  };
}

/** The resource kind a form saves as. */
export function formKindOf(form: PolicyForm): PolicyResource["kind"] {
  if (form.mode === "kubernetes") return form.staged ? "StagedKubernetesNetworkPolicy" : "KubernetesNetworkPolicy";
  if (form.scope === "namespace") return form.staged ? "StagedNetworkPolicy" : "NetworkPolicy";
  return form.staged ? "StagedGlobalNetworkPolicy" : "GlobalNetworkPolicy";
}

/**
 * The resource a form describes, validated exactly as an imported document would be
 * (lib/calico validateResource), or every field error with its path (`metadata.name`,
 * `spec.order`, `spec.ingress[0].destination.ports[1]`, …). Empty inputs are left out of the
 * resource. Never throws.
 */
export function fromPolicyForm(form: PolicyForm): Result<CalicoResource, FieldError[]> {
  const errors: FieldError[] = [];
  const kind = formKindOf(form);
  const namespaced = form.mode === "kubernetes" || form.scope === "namespace";
  const spec = form.mode === "calico" ? calicoSpec(form, errors) : k8sSpec(form);
  const result = validateResource({ kind, metadata: metadataOf(form, namespaced), spec });
  const all = [...errors, ...result.errors];
  if (all.length > 0 || result.resource === undefined) return err(all);
  return ok(result.resource);
}

/** A blank form for a new policy of the given scope, in `tier`, for the editor's "new policy". */
export function emptyPolicyForm(scope: "namespace" | "global", tier = "", namespace = "default"): CalicoPolicyForm {
  const form = toPolicyForm(
    scope === "namespace" ? { kind: "NetworkPolicy", metadata: { name: "", namespace }, spec: {} } : { kind: "GlobalNetworkPolicy", metadata: { name: "" }, spec: {} },
  );
  // Safe: toPolicyForm of a Calico kind always returns the calico variant.
  return { ...(form as CalicoPolicyForm), tier };
}
