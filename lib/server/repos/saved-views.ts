import "server-only";
/**
 * Saved views (table "SavedView", 0004_saved_views): named page states per user and cluster,
 * stored in the shared database so every console process sees the same list. Rows become
 * `SavedGraphView` here; the state is re-parsed on the way out, so a row written by an older
 * version with a shape this one no longer accepts is skipped rather than sent to the client.
 */
import { randomUUID } from "node:crypto";
import type { GraphViewState, SavedGraphView } from "@/lib/contracts/saved-views";
import { GraphViewStateSchema } from "@/lib/contracts/saved-views";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Principal } from "@/lib/server/auth/principal";
import { getCluster } from "@/lib/server/cluster/registry";
import { getSql } from "@/lib/server/db";

/** The pages that keep saved views (the table's CHECK constraint lists the same). */
export type SavedViewPage = "graph";

interface SavedViewRow {
  id: string;
  name: string;
  state: unknown;
  createdAt: Date;
  updatedAt: Date;
}

function toView(row: SavedViewRow): SavedGraphView | undefined {
  const state = GraphViewStateSchema.safeParse(row.state);
  if (!state.success) return undefined;
  return { id: row.id, name: row.name, state: state.data, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** The owner of a principal's views; tokens without a user have none (they cannot save). */
function ownerOf(principal: Principal): string | undefined {
  return principal.userId;
}

/** The caller's saved views of a page on a cluster, by name. Throws NotFoundError (cluster). */
export async function listSavedViews(principal: Principal, clusterId: string, page: SavedViewPage): Promise<readonly SavedGraphView[]> {
  await getCluster(clusterId);
  const owner = ownerOf(principal);
  if (owner === undefined) return [];
  const sql = await getSql();
  const { rows } = await sql.query<SavedViewRow>(
    `SELECT id, name, state, "createdAt", "updatedAt" FROM "SavedView"
      WHERE "userId" = $1 AND "clusterId" = $2 AND page = $3 ORDER BY name`,
    [owner, clusterId, page],
  );
  return rows.flatMap((r) => toView(r) ?? []);
}

/** What `saveView` did: created a new view or replaced the one of that name. */
export interface SaveOutcome {
  readonly view: SavedGraphView;
  readonly created: boolean;
}

/**
 * Saves `state` under `name` for the caller (one statement: insert, or replace the state of the
 * view with that name). Throws NotFoundError (cluster), ForbiddenError (a token without a user).
 */
export async function saveView(principal: Principal, clusterId: string, page: SavedViewPage, name: string, state: GraphViewState): Promise<SaveOutcome> {
  await getCluster(clusterId);
  const owner = ownerOf(principal);
  if (owner === undefined) throw new ForbiddenError("saved views belong to a user: log in, or use an API token issued to a user");
  const sql = await getSql();
  // xmax = 0 only on a freshly inserted row: tells created from replaced in the same statement.
  const { rows } = await sql.query<SavedViewRow & { inserted: boolean }>(
    `INSERT INTO "SavedView" (id, "userId", "clusterId", page, name, state)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     ON CONFLICT ("userId", "clusterId", page, name)
     DO UPDATE SET state = EXCLUDED.state, "updatedAt" = CURRENT_TIMESTAMP
     RETURNING id, name, state, "createdAt", "updatedAt", (xmax = 0) AS inserted`,
    [randomUUID(), owner, clusterId, page, name, JSON.stringify(state)],
  );
  const row = rows[0];
  const view = row === undefined ? undefined : toView(row);
  if (row === undefined || view === undefined) throw new Error("saving a view returned no row");
  return { view, created: row.inserted === true };
}

/** Deletes one of the caller's views. Throws NotFoundError (cluster, or no such view of the caller). */
export async function deleteView(principal: Principal, clusterId: string, page: SavedViewPage, id: string): Promise<void> {
  await getCluster(clusterId);
  const owner = ownerOf(principal);
  const sql = await getSql();
  const res = await sql.query(`DELETE FROM "SavedView" WHERE id = $1 AND "userId" = $2 AND "clusterId" = $3 AND page = $4`, [id, owner ?? "", clusterId, page]);
  // Another user's view answers 404 as well: its existence is not the caller's business.
  if (res.rowCount === 0) throw new NotFoundError(`saved view "${id}" not found`);
  // The view's node positions (0080_graph_positions) go with it.
  await sql.query(`DELETE FROM "GraphPositions" WHERE "userId" = $1 AND "clusterId" = $2 AND "viewId" = $3`, [owner ?? "", clusterId, id]);
}
