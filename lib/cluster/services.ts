/**
 * Which pods back a Kubernetes Service: the one place the console decides it (Workloads page
 * endpoint counts, the traffic simulator's service resolution, what-if probes and the impact matrix, the policy engine's service
 * rules). Kubernetes' endpoints controller selects pods in the Service's namespace whose labels
 * include every `spec.selector` pair; a Service with no selector (or an empty one) gets no
 * endpoints from the controller, so it backs no pod here. Pure; never throws.
 */

/** True when `labels` holds every pair of a non-empty `selector`. */
export function selectorMapMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/** True when the pod backs the Service: same namespace and labels matching its selector. */
export function isServiceBackend(
  service: { readonly namespace: string; readonly selector: Readonly<Record<string, string>> },
  pod: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> },
): boolean {
  return pod.namespace === service.namespace && selectorMapMatches(service.selector, pod.labels);
}
