import "server-only";
/**
 * The audit log page's query: ObjectEvent rows of one cluster (through Prisma), newest first,
 * filtered by kind, namespace, name, user and time range, paged by resourceVersion.
 */
import type { AuditEvent } from "@/lib/cluster/audit";
import type { ClusterKind, ClusterObject } from "@/lib/cluster/backend";
import { isClusterKind } from "@/lib/cluster/kinds";
import type { AuditPageView, AuditQueryParams } from "@/lib/contracts/board";
import { BadRequestError } from "@/lib/errors";
import { getCluster } from "@/lib/server/cluster/registry";
import { getPrisma } from "@/lib/server/db";
import type { Principal } from "@/lib/server/auth/principal";
import { currentPrincipal } from "@/lib/server/auth/request-context";
import { canSeeAuditEvent } from "@/lib/server/auth/scoped-backend";
import { redactSecret } from "@/lib/server/cluster/secret-seal";

const DEFAULT_LIMIT = 50;

/** Rows of namespaces outside the caller's scope are not read at all (cluster-scoped rows are). */
function namespaceScopeWhere(caller: Principal | undefined): { AND?: { namespace: { in: string[] } }[] } {
  if (caller === undefined || caller.namespaces === "all") return {};
  return { AND: [{ namespace: { in: ["", ...caller.namespaces] } }] };
}


function eventType(t: string): AuditEvent["type"] {
  if (t === "ADDED" || t === "MODIFIED" || t === "DELETED") return t;
  throw new Error(`unexpected ObjectEvent type ${t}`);
}

/**
 * One page of the change log. `before` (a resourceVersion) pages to older events; `next` in
 * the answer is the value to pass for the following page. Throws NotFoundError (no cluster),
 * BadRequestError (unknown kind, a cluster that keeps no change log, since after until).
 */
export async function queryAuditLog(clusterId: string, q: AuditQueryParams): Promise<AuditPageView> {
  const info = await getCluster(clusterId);
  if (info.kind !== "embedded") throw new BadRequestError(`cluster "${clusterId}" keeps no audit log in Palisade`);
  if (q.kind !== undefined && !isClusterKind(q.kind)) throw new BadRequestError(`unknown kind "${q.kind}"`);
  if (q.since !== undefined && q.until !== undefined && Date.parse(q.since) > Date.parse(q.until)) throw new BadRequestError("since must not be after until");
  const limit = q.limit ?? DEFAULT_LIMIT;
  const prisma = await getPrisma();
  const rows = await prisma.objectEvent.findMany({
    where: {
      clusterId,
      ...namespaceScopeWhere(currentPrincipal()),
      ...(q.kind !== undefined ? { kind: q.kind } : {}),
      ...(q.namespace !== undefined && q.namespace !== "" ? { namespace: q.namespace } : {}),
      ...(q.name !== undefined ? { name: { contains: q.name } } : {}),
      ...(q.actor !== undefined ? { actor: q.actor } : {}),
      ...(q.since !== undefined || q.until !== undefined
        ? { at: { ...(q.since !== undefined ? { gte: new Date(q.since) } : {}), ...(q.until !== undefined ? { lte: new Date(q.until) } : {}) } }
        : {}),
      ...(q.before !== undefined ? { resourceVersion: { lt: BigInt(q.before) } } : {}),
    },
    orderBy: { resourceVersion: "desc" },
    take: limit + 1,
  });
  const items = rows.slice(0, limit).map(
    (r): AuditEvent => ({
      resourceVersion: r.resourceVersion.toString(),
      type: eventType(r.type),
      kind: r.kind as ClusterKind, // written by the embedded backend from a ClusterKind
      ...(r.namespace !== "" ? { namespace: r.namespace } : {}),
      name: r.name,
      actor: r.actor,
      at: r.at.toISOString(),
      // Stored by the backend as the object itself; a Secret's values never leave through the log.
      before: redactSecret(r.before as ClusterObject | null),
      after: redactSecret(r.after as ClusterObject | null),
    }),
  );
  const last = items[items.length - 1];
  // The caller sees only events of objects they may see (before or after the change); the page
  // may then be shorter than `limit`, and `next` still pages on from the last row read.
  const caller = currentPrincipal();
  const visible = caller === undefined ? items : items.filter((e) => canSeeAuditEvent(caller, e));
  return rows.length > limit && last !== undefined ? { items: visible, next: last.resourceVersion } : { items: visible };
}
