/**
 * Workload selectors from pod labels. Labels that change from pod to pod or from rollout to
 * rollout (controller hashes, pod names, indexes, job ids) never go into a selector: a policy
 * selecting them would stop matching after the next rollout.
 */
import type { Labels } from "@/lib/policy";

/**
 * Label keys set per pod or per rollout by Kubernetes controllers (Deployment/ReplicaSet,
 * DaemonSet, StatefulSet, Job/CronJob). The same list Inspektor Gadget and Antrea Theia drop.
 */
export const UNSTABLE_LABEL_KEYS: ReadonlySet<string> = new Set([
  "pod-template-hash",
  "controller-revision-hash",
  "pod-template-generation",
  "statefulset.kubernetes.io/pod-name",
  "apps.kubernetes.io/pod-index",
  "controller-uid",
  "batch.kubernetes.io/controller-uid",
  "job-name",
  "batch.kubernetes.io/job-name",
  "batch.kubernetes.io/job-completion-index",
]);

/** Keys that name the application; the first one present is the whole selector. */
export const PREFERRED_SELECTOR_KEYS = ["app", "k8s-app", "app.kubernetes.io/name"] as const;

/** Whether a label key is stable across pods and rollouts (and not one Calico adds itself). */
export function isStableLabelKey(key: string): boolean {
  return !UNSTABLE_LABEL_KEYS.has(key) && !key.startsWith("projectcalico.org/");
}

/** The labels every map has with the same value (the intersection); `{}` for no maps. */
export function commonLabels(maps: readonly Labels[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (first === undefined) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first)) if (rest.every((m) => m[k] === v)) out[k] = v;
  return out;
}

/** `key == "value"` with Calico's double-quoted string literal. */
export function equalsTerm(key: string, value: string): string {
  return `${key} == "${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * The selector for a workload with these (common) labels: `app == "x"` (or `k8s-app`,
 * `app.kubernetes.io/name`) when present, else every stable label ANDed in key order, else
 * `all()` (nothing stable to select on: the policy applies to the whole namespace). Never throws.
 */
export function workloadSelector(labels: Labels): string {
  for (const key of PREFERRED_SELECTOR_KEYS) {
    const v = labels[key];
    if (v !== undefined) return equalsTerm(key, v);
  }
  const terms = Object.keys(labels)
    .filter(isStableLabelKey)
    .sort()
    .map((k) => equalsTerm(k, labels[k] ?? ""));
  return terms.length === 0 ? "all()" : terms.join(" && ");
}

/** Selector for a network set by all its labels (sorted); undefined when it has none. */
export function labelsSelector(labels: Labels | undefined): string | undefined {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return undefined;
  return keys.map((k) => equalsTerm(k, labels?.[k] ?? "")).join(" && ");
}

/** `projectcalico.org/name == '<ns>'`, the namespace selector of a peer in another namespace. */
export function namespaceNameSelector(namespace: string): string {
  return `projectcalico.org/name == '${namespace}'`;
}
