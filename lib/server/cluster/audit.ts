import "server-only";
/** Reads the audit history (ObjectEvent rows) of a cluster, newest first. See lib/cluster/audit.ts. */
import type { AuditEvent, AuditPage, AuditQuery } from "@/lib/cluster/audit";
import type { ClusterKind, ClusterObject } from "@/lib/cluster/backend";
import { BadRequestError } from "@/lib/errors";
import type { SqlQueryable } from "@/lib/server/db/sql";
import { toBigInt } from "@/lib/server/db/sql";
import { currentPrincipal } from "@/lib/server/auth/request-context";
import { canSeeAuditEvent } from "@/lib/server/auth/scoped-backend";
import { redactSecret } from "@/lib/server/cluster/secret-seal";

interface Row {
  resourceVersion: unknown;
  type: AuditEvent["type"];
  kind: ClusterKind;
  namespace: string;
  name: string;
  actor: string;
  at: Date;
  before: ClusterObject | null;
  after: ClusterObject | null;
}

/**
 * One page of a cluster's audit events matching `q`, newest first. Events compacted away by
 * audit retention are gone. Throws BadRequestError on a malformed `before`.
 */
export async function queryAuditEvents(sql: SqlQueryable, clusterId: string, q: AuditQuery = {}): Promise<AuditPage> {
  const limit = Math.min(Math.max(Math.trunc(q.limit ?? 100), 1), 1000);
  const params: unknown[] = [clusterId];
  const where = [`"clusterId" = $1`];
  const add = (cond: string, v: unknown): void => {
    params.push(v);
    where.push(cond.replace("?", `$${params.length}`));
  };
  if (q.kind) add(`"kind" = ?`, q.kind);
  if (q.namespace !== undefined) add(`"namespace" = ?`, q.namespace);
  if (q.name) add(`"name" = ?`, q.name);
  if (q.actor) add(`"actor" = ?`, q.actor);
  if (q.before !== undefined) {
    if (!/^\d+$/.test(q.before)) throw new BadRequestError(`invalid "before" resourceVersion "${q.before}"`);
    add(`"resourceVersion" < ?`, q.before);
  }
  params.push(limit + 1);
  const { rows } = await sql.query<Row>(
    `SELECT "resourceVersion", "type", "kind", "namespace", "name", "actor", "at", "before", "after" FROM "ObjectEvent"
      WHERE ${where.join(" AND ")} ORDER BY "resourceVersion" DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit).map(
    (r): AuditEvent => ({
      resourceVersion: toBigInt(r.resourceVersion).toString(),
      type: r.type,
      kind: r.kind,
      ...(r.namespace ? { namespace: r.namespace } : {}),
      name: r.name,
      actor: r.actor,
      at: r.at.toISOString(),
      // A Secret's values never leave through the audit log (they stay sealed in the table).
      before: redactSecret(r.before),
      after: redactSecret(r.after),
    }),
  );
  const last = page[page.length - 1];
  // Inside a request, only events the caller may see (lib/server/auth/scoped-backend.ts).
  const caller = currentPrincipal();
  const visible = caller === undefined ? page : page.filter((e) => canSeeAuditEvent(caller, e));
  return rows.length > limit && last ? { items: visible, next: last.resourceVersion } : { items: visible };
}
