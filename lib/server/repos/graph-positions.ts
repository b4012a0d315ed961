import "server-only";
/**
 * Stored service-graph node positions (table "GraphPositions", 0080_graph_positions), per user,
 * cluster and saved view, in the shared database so every console process draws the same
 * picture. Rows are re-parsed on the way out: entries that are not finite {x, y} are dropped.
 */
import type { GraphPositionsReply } from "@/lib/contracts/graph-positions";
import { MAX_STORED_POSITIONS } from "@/lib/contracts/graph-positions";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Principal } from "@/lib/server/auth/principal";
import { getCluster } from "@/lib/server/cluster/registry";
import { getSql } from "@/lib/server/db";

type Positions = Record<string, { x: number; y: number }>;

interface Row {
  positions: unknown;
  updatedAt: Date;
}

function toPositions(raw: unknown): Positions {
  const out: Positions = {};
  if (typeof raw !== "object" || raw === null) return out;
  for (const [id, p] of Object.entries(raw)) {
    if (typeof p !== "object" || p === null) continue;
    const { x, y } = p as { x?: unknown; y?: unknown }; // checked just below
    if (typeof x === "number" && typeof y === "number" && Number.isFinite(x) && Number.isFinite(y)) out[id] = { x, y };
  }
  return out;
}

/** A saved view's positions need the view to be the caller's own (404 otherwise). */
async function assertViewOf(owner: string, clusterId: string, viewId: string): Promise<void> {
  if (viewId === "") return;
  const sql = await getSql();
  const { rows } = await sql.query(`SELECT 1 FROM "SavedView" WHERE id = $1 AND "userId" = $2 AND "clusterId" = $3`, [viewId, owner, clusterId]);
  if (rows.length === 0) throw new NotFoundError(`saved view "${viewId}" not found`);
}

/** The caller's positions for a cluster and view ("" = none). Throws NotFoundError (cluster, view). */
export async function getGraphPositions(principal: Principal, clusterId: string, viewId = ""): Promise<GraphPositionsReply> {
  await getCluster(clusterId);
  const owner = principal.userId;
  if (owner === undefined) return { positions: {} };
  await assertViewOf(owner, clusterId, viewId);
  const sql = await getSql();
  const { rows } = await sql.query<Row>(`SELECT positions, "updatedAt" FROM "GraphPositions" WHERE "userId" = $1 AND "clusterId" = $2 AND "viewId" = $3`, [owner, clusterId, viewId]);
  const row = rows[0];
  return row === undefined ? { positions: {} } : { positions: toPositions(row.positions), updatedAt: row.updatedAt.toISOString() };
}

/**
 * Merges `positions` into the caller's stored ones in one statement (a layout grown past
 * MAX_STORED_POSITIONS is replaced by the write instead, which bounds the row). Throws
 * NotFoundError (cluster, view), ForbiddenError (a token without a user).
 */
export async function saveGraphPositions(principal: Principal, clusterId: string, viewId: string, positions: Positions): Promise<GraphPositionsReply> {
  await getCluster(clusterId);
  const owner = principal.userId;
  if (owner === undefined) throw new ForbiddenError("graph positions belong to a user: log in, or use an API token issued to a user");
  await assertViewOf(owner, clusterId, viewId);
  const sql = await getSql();
  const { rows } = await sql.query<Row>(
    `INSERT INTO "GraphPositions" ("userId", "clusterId", "viewId", positions)
     VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT ("userId", "clusterId", "viewId")
     DO UPDATE SET positions = CASE
         WHEN (SELECT count(*) FROM jsonb_object_keys("GraphPositions".positions || EXCLUDED.positions)) > $5 THEN EXCLUDED.positions
         ELSE "GraphPositions".positions || EXCLUDED.positions END,
       "updatedAt" = CURRENT_TIMESTAMP
     RETURNING positions, "updatedAt"`,
    [owner, clusterId, viewId, JSON.stringify(positions), MAX_STORED_POSITIONS],
  );
  const row = rows[0];
  if (row === undefined) throw new Error("saving graph positions returned no row");
  return { positions: toPositions(row.positions), updatedAt: row.updatedAt.toISOString() };
}

/** Forgets the caller's positions for a cluster and view (the next visit lays the graph out afresh). */
export async function deleteGraphPositions(principal: Principal, clusterId: string, viewId = ""): Promise<void> {
  await getCluster(clusterId);
  const owner = principal.userId;
  if (owner === undefined) return;
  await assertViewOf(owner, clusterId, viewId);
  const sql = await getSql();
  await sql.query(`DELETE FROM "GraphPositions" WHERE "userId" = $1 AND "clusterId" = $2 AND "viewId" = $3`, [owner, clusterId, viewId]);
}
