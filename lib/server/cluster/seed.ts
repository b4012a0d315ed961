import "server-only";
/**
 * Seeding of embedded clusters with the demo cluster (lib/cluster/demo): at first start for the
 * built-in `embedded` cluster, for any embedded cluster added later, and on reset. Every seeded
 * object goes through the same validation and write path as a user's create, so it gets a uid,
 * a resourceVersion and an ADDED event (actor `system:seed`).
 */
import type { ClusterObject } from "@/lib/cluster/backend";
import { EMBEDDED_CLUSTER_ID } from "@/lib/cluster/clusters";
import { buildDemoCluster } from "@/lib/cluster/demo";
import { validateClusterObject } from "@/lib/cluster/validate-object";
import type { WriteContext } from "@/lib/server/cluster/embedded-writes";
import { createObject, keyOf } from "@/lib/server/cluster/embedded-writes";
import { deleteObjectIf, insertEvent, lockRevision, nextResourceVersion } from "@/lib/server/cluster/object-store";
import { toBigInt } from "@/lib/server/db/sql";
import { notifyClusterWrite } from "@/lib/server/cluster/write-notifier";
import { withAdvisoryLock } from "@/lib/server/db/advisory-lock";
import type { Sql, SqlQueryable } from "@/lib/server/db/sql";

/** The actor recorded for seeding writes. */
export const SEED_ACTOR = "system:seed";

/** The demo objects, validated. Throws if the demo data breaks a validation rule (a bug). */
function validatedSeed(): readonly ClusterObject[] {
  return buildDemoCluster().map((raw) => {
    const v = validateClusterObject(raw);
    if (!v.object) throw new Error(`demo seed object ${raw.kind} ${raw.metadata.namespace ?? ""}/${raw.metadata.name} is invalid: ${JSON.stringify(v.errors)}`);
    return v.object;
  });
}

async function writeSeed(tx: SqlQueryable, clusterId: string, actor: string): Promise<void> {
  const ctx: WriteContext = { tx, clusterId, actor, at: new Date(), prefix: "" };
  for (const obj of validatedSeed()) await createObject(ctx, obj);
}

/**
 * Creates an embedded cluster (registry row, revision counter) and seeds it, in one
 * transaction. Throws on a duplicate id or name (unique violation from the database).
 */
export async function createEmbeddedCluster(sql: Sql, cluster: { readonly id: string; readonly name: string }): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query(`INSERT INTO "Cluster" (id, name, kind, config) VALUES ($1, $2, 'embedded', '{}'::jsonb)`, [cluster.id, cluster.name]);
    await tx.query(`INSERT INTO "ClusterRevision" ("clusterId") VALUES ($1)`, [cluster.id]);
    await lockRevision(tx, cluster.id);
    await writeSeed(tx, cluster.id, SEED_ACTOR);
  });
}

/**
 * Makes sure the built-in `embedded` cluster exists, creating and seeding it at first start.
 * Idempotent, and safe when several processes start together (advisory lock).
 */
export async function ensureEmbeddedCluster(sql: Sql): Promise<void> {
  await withAdvisoryLock(sql, "palisade:seed:embedded", async () => {
    const { rows } = await sql.query(`SELECT 1 FROM "Cluster" WHERE id = $1`, [EMBEDDED_CLUSTER_ID]);
    if (rows.length === 0) await createEmbeddedCluster(sql, { id: EMBEDDED_CLUSTER_ID, name: "Demo cluster (embedded)" });
  });
}

/**
 * Restores an embedded cluster to the seed state in one transaction: every stored object is
 * deleted (a DELETED event each) and the seed written again (ADDED events), all by `actor`.
 * resourceVersions keep increasing, so watchers see the reset as ordinary events.
 */
export async function resetEmbeddedCluster(sql: Sql, clusterId: string, actor: string): Promise<void> {
  await sql.transaction(async (tx) => {
    await lockRevision(tx, clusterId);
    const at = new Date();
    const { rows } = await tx.query<{ resourceVersion: unknown; object: ClusterObject }>(
      `SELECT "resourceVersion", "object" FROM "ClusterObject" WHERE "clusterId" = $1
        ORDER BY CASE "kind" WHEN 'Namespace' THEN 2 WHEN 'Tier' THEN 1 ELSE 0 END, "kind", "namespace", "name"`,
      [clusterId],
    );
    for (const row of rows) {
      const key = keyOf(row.object);
      const rv = await nextResourceVersion(tx, clusterId);
      await deleteObjectIf(tx, clusterId, key, toBigInt(row.resourceVersion));
      await insertEvent(tx, clusterId, { ...key, resourceVersion: rv, type: "DELETED", actor, at, before: row.object, after: null });
    }
    await writeSeed(tx, clusterId, actor);
  });
  notifyClusterWrite(clusterId);
}
