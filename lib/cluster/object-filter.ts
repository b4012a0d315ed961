/**
 * The filters of list and watch (namespace, Kubernetes label selector, policy tier) as one
 * predicate, and how a filtered watch turns a write into an event, like the apiserver's watch
 * cache: an object that starts matching is ADDED, one that stops matching is DELETED. Pure.
 */
import type { ClusterKind, ClusterObject, ListOptions, WatchEventType } from "@/lib/cluster/backend";
import { isNamespacedKind, isPolicyKind, tierOf } from "@/lib/cluster/kinds";
import type { K8sSelectorString } from "@/lib/selector";
import { parseK8sSelectorString } from "@/lib/selector";
import { BadRequestError } from "@/lib/errors";

export interface ObjectFilter {
  readonly kind: ClusterKind;
  /** Only this namespace; only set for namespaced kinds. */
  readonly namespace?: string;
  readonly selector?: K8sSelectorString;
  /** Only policies of this tier; only set for policy kinds. */
  readonly tier?: string;
}

/**
 * Builds the filter for a list or watch. A namespace given for a cluster-scoped kind is ignored
 * (as the apiserver ignores it); a tier for a kind that is not a policy kind likewise. Throws
 * BadRequestError on a malformed label selector.
 */
export function buildObjectFilter(kind: ClusterKind, options: Pick<ListOptions, "namespace" | "labelSelector" | "tier"> = {}): ObjectFilter {
  let selector: K8sSelectorString | undefined;
  if (options.labelSelector !== undefined && options.labelSelector.trim() !== "") {
    const parsed = parseK8sSelectorString(options.labelSelector);
    if (!parsed.ok) throw new BadRequestError(`unable to parse labelSelector: ${parsed.error.message}`);
    selector = parsed.value;
  }
  return {
    kind,
    ...(options.namespace && isNamespacedKind(kind) ? { namespace: options.namespace } : {}),
    ...(selector && selector.requirements.length > 0 ? { selector } : {}),
    ...(options.tier && isPolicyKind(kind) ? { tier: options.tier } : {}),
  };
}

/** Whether `obj` passes the filter. Never throws. */
export function matchesFilter(obj: ClusterObject, filter: ObjectFilter): boolean {
  if (obj.kind !== filter.kind) return false;
  if (filter.namespace !== undefined && (obj.metadata.namespace ?? "") !== filter.namespace) return false;
  if (filter.tier !== undefined && tierOf(obj) !== filter.tier) return false;
  if (filter.selector && !filter.selector.matches(obj.metadata.labels ?? {})) return false;
  return true;
}

/**
 * The event a filtered watch delivers for one write (before → after), or null when the object
 * matched neither before nor after. A DELETED caused by a change that makes the object stop
 * matching carries the new state, as Kubernetes does.
 */
export function filteredWatchEvent(
  before: ClusterObject | null,
  after: ClusterObject | null,
  filter: ObjectFilter,
): { readonly type: Exclude<WatchEventType, "BOOKMARK">; readonly object: ClusterObject } | null {
  const was = before !== null && matchesFilter(before, filter);
  const is = after !== null && matchesFilter(after, filter);
  if (was && is && after) return { type: "MODIFIED", object: after };
  if (is && after) return { type: "ADDED", object: after };
  if (was && after) return { type: "DELETED", object: after };
  if (was && before) return { type: "DELETED", object: before };
  return null;
}
