/**
 * The audit view of the embedded cluster's event log: who changed which object, when, from
 * what to what. Used by the change log of a policy (walkthrough W1 step 17).
 */
import type { ClusterKind, ClusterObject } from "@/lib/cluster/backend";

export interface AuditEvent {
  /** The resourceVersion the write produced (decimal). */
  readonly resourceVersion: string;
  readonly type: "ADDED" | "MODIFIED" | "DELETED";
  readonly kind: ClusterKind;
  /** Absent for cluster-scoped kinds. */
  readonly namespace?: string;
  readonly name: string;
  readonly actor: string;
  /** RFC 3339 with milliseconds. */
  readonly at: string;
  /** Null for ADDED. */
  readonly before: ClusterObject | null;
  /** Null for DELETED. */
  readonly after: ClusterObject | null;
}

export interface AuditQuery {
  readonly kind?: ClusterKind;
  readonly namespace?: string;
  readonly name?: string;
  readonly actor?: string;
  /** At most this many events (default 100, at most 1000). */
  readonly limit?: number;
  /** Only events older than this resourceVersion (paging backwards, newest first). */
  readonly before?: string;
}

export interface AuditPage {
  /** Newest first. */
  readonly items: readonly AuditEvent[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  readonly next?: string;
}
