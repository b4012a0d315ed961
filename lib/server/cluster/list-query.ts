import "server-only";
/**
 * The list query of the embedded cluster: the objects of one kind as they were at resourceVersion
 * R, filtered and paged in (namespace, name) order. State at R is rebuilt from the current rows
 * and the event log: an object whose row is at a version ≤ R has not changed since R; for any
 * object written after R, the `before` of its first event after R is its state at R (null when
 * it did not exist yet). So a continued list is consistent with its first page, as in
 * Kubernetes, for as long as the events after R are retained.
 */
import type { ClusterObject } from "@/lib/cluster/backend";
import type { ObjectFilter } from "@/lib/cluster/object-filter";
import { isTieredPolicyKind } from "@/lib/cluster/kinds";
import type { K8sRequirement } from "@/lib/selector/k8s-requirement";
import { assertNever } from "@/lib/result";
import type { SqlQueryable } from "@/lib/server/db/sql";
import { openFromStorage } from "@/lib/server/cluster/secret-seal";

export interface ListPageQuery {
  readonly clusterId: string;
  readonly filter: ObjectFilter;
  /** The snapshot version. */
  readonly at: bigint;
  /** Return keys strictly after this one. */
  readonly after?: { readonly namespace: string; readonly name: string };
  readonly limit?: number;
}

class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const LABELS = `COALESCE(obj->'metadata'->'labels', '{}'::jsonb)`;

function requirementSql(p: Params, r: K8sRequirement): string {
  const value = `(${LABELS}->>${p.add(r.key)})`;
  switch (r.operator) {
    case "=":
    case "==":
      return `${value} = ${p.add(r.values[0] ?? "")}`;
    case "!=":
      return `(${value} IS NULL OR ${value} <> ${p.add(r.values[0] ?? "")})`;
    case "in":
      return `${value} = ANY(${p.add([...r.values])}::text[])`;
    case "notin":
      return `(${value} IS NULL OR NOT (${value} = ANY(${p.add([...r.values])}::text[])))`;
    case "exists":
      return `${value} IS NOT NULL`;
    case "!":
      return `${value} IS NULL`;
    case "gt":
    case "lt": {
      // Kubernetes compares as int64 and never matches a value that does not parse as one.
      const op = r.operator === "gt" ? ">" : "<";
      return `(CASE WHEN ${value} ~ '^[+-]?[0-9]{1,18}$' THEN ${value}::numeric ${op} ${p.add(r.values[0] ?? "0")}::numeric ELSE false END)`;
    }
    default:
      return assertNever(r.operator);
  }
}

/** One page of the snapshot at `q.at`, plus whether more objects follow and how many. */
export async function queryListPage(tx: SqlQueryable, q: ListPageQuery): Promise<{ readonly items: readonly ClusterObject[]; readonly more: boolean; readonly remaining: number }> {
  const p = new Params();
  const cluster = p.add(q.clusterId);
  const kind = p.add(q.filter.kind);
  const at = p.add(q.at.toString());
  const where: string[] = [];
  if (q.filter.namespace !== undefined) where.push(`namespace = ${p.add(q.filter.namespace)}`);
  if (q.filter.tier !== undefined) {
    const tierExpr = isTieredPolicyKind(q.filter.kind) ? `COALESCE(NULLIF(obj->'spec'->>'tier', ''), 'default')` : `'default'`;
    where.push(`${tierExpr} = ${p.add(q.filter.tier)}`);
  }
  for (const r of q.filter.selector?.requirements ?? []) where.push(requirementSql(p, r));
  if (q.after) {
    const ns = p.add(q.after.namespace);
    const name = p.add(q.after.name);
    where.push(`(namespace COLLATE "C" > ${ns} OR (namespace = ${ns} AND name COLLATE "C" > ${name}))`);
  }
  const limit = q.limit !== undefined && q.limit > 0 ? `LIMIT ${p.add(q.limit + 1)}` : "";
  const text = `
    WITH changed AS (
      SELECT DISTINCT ON (e.namespace, e.name) e.namespace, e.name, e.before AS obj
        FROM "ObjectEvent" e
       WHERE e."clusterId" = ${cluster} AND e.kind = ${kind} AND e."resourceVersion" > ${at}
       ORDER BY e.namespace, e.name, e."resourceVersion" ASC
    ), snapshot AS (
      SELECT o.namespace, o.name, o.object AS obj
        FROM "ClusterObject" o
       WHERE o."clusterId" = ${cluster} AND o.kind = ${kind} AND o."resourceVersion" <= ${at}
      UNION ALL
      SELECT namespace, name, obj FROM changed WHERE obj IS NOT NULL
    )
    SELECT obj, COUNT(*) OVER () AS total FROM snapshot
     ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY namespace COLLATE "C", name COLLATE "C"
     ${limit}`;
  const { rows } = await tx.query<{ obj: ClusterObject; total: number | string | bigint }>(text, p.values);
  const more = q.limit !== undefined && q.limit > 0 && rows.length > q.limit;
  const items = await Promise.all((more ? rows.slice(0, q.limit) : rows).map((r) => openFromStorage(q.clusterId, r.obj)));
  // The window count is taken before LIMIT: every matching object after the page start.
  const total = rows.length > 0 ? Number(rows[0]?.total ?? 0) : 0;
  return { items, more, remaining: Math.max(0, total - items.length) };
}
