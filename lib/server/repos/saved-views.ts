import "server-only";
/**
 * Saved views (table "SavedView", 0004_saved_views): named page states per user and cluster,
 * stored in the shared database so every console process sees the same list. Rows become
 * `SavedGraphView` here; the state is re-parsed on the way out, so a row written by an older
 * version with a shape this one no longer accepts is skipped rather than sent to the client.
 * Prisma Client, like every relational aggregate (lib/server/db/DESIGN.md).
 */
import { randomUUID } from "node:crypto";
import type { GraphViewState, SavedGraphView } from "@/lib/contracts/saved-views";
import { GraphViewStateSchema } from "@/lib/contracts/saved-views";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Principal } from "@/lib/server/auth/principal";
import { getCluster } from "@/lib/server/cluster/registry";
import { getPrisma } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { PRISMA_TX_OPTIONS } from "@/lib/server/db/transactions";

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
  const prisma = await getPrisma();
  const rows = await prisma.savedView.findMany({
    where: { userId: owner, clusterId, page },
    select: { id: true, name: true, state: true, createdAt: true, updatedAt: true },
    orderBy: { name: "asc" },
  });
  return rows.flatMap((r) => toView(r) ?? []);
}

/** What `saveView` did: created a new view or replaced the one of that name. */
export interface SaveOutcome {
  readonly view: SavedGraphView;
  readonly created: boolean;
}

const isPrismaError = (e: unknown, code: string): boolean => e instanceof Prisma.PrismaClientKnownRequestError && e.code === code;

/** Attempts of the insert-or-replace race (each lost round means another writer went through). */
const MAX_SAVE_ATTEMPTS = 5;

/**
 * Saves `state` under `name` for the caller: inserts the view, or, when the name is taken (the
 * unique key answers), replaces that view's state. Whoever's insert succeeds reports `created`,
 * so two concurrent saves of a new name give one 201 and one 200. Throws NotFoundError (cluster),
 * ForbiddenError (a token without a user).
 */
export async function saveView(principal: Principal, clusterId: string, page: SavedViewPage, name: string, state: GraphViewState): Promise<SaveOutcome> {
  await getCluster(clusterId);
  const owner = ownerOf(principal);
  if (owner === undefined) throw new ForbiddenError("saved views belong to a user: log in, or use an API token issued to a user");
  const prisma = await getPrisma();
  const select = { id: true, name: true, state: true, createdAt: true, updatedAt: true } as const;
  for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
    let row: SavedViewRow;
    let created = true;
    try {
      row = await prisma.savedView.create({ data: { id: randomUUID(), userId: owner, clusterId, page, name, state }, select });
    } catch (e) {
      if (!isPrismaError(e, "P2002")) throw e;
      created = false;
      try {
        row = await prisma.savedView.update({
          where: { userId_clusterId_page_name: { userId: owner, clusterId, page, name } },
          data: { state, updatedAt: new Date() },
          select,
        });
      } catch (e2) {
        // Deleted between the two statements: insert again.
        if (isPrismaError(e2, "P2025")) continue;
        throw e2;
      }
    }
    const view = toView(row);
    if (view === undefined) throw new Error("a saved view was stored with a state that does not parse");
    return { view, created };
  }
  throw new ConflictError(`the saved view "${name}" kept changing while it was being saved; try again`);
}

/** Deletes one of the caller's views. Throws NotFoundError (cluster, or no such view of the caller). */
export async function deleteView(principal: Principal, clusterId: string, page: SavedViewPage, id: string): Promise<void> {
  await getCluster(clusterId);
  const owner = ownerOf(principal);
  const prisma = await getPrisma();
  // One transaction: the view and its node positions (0080_graph_positions) go together.
  await prisma.$transaction(async (tx) => {
    const res = await tx.savedView.deleteMany({ where: { id, userId: owner ?? "", clusterId, page } });
    // Another user's view answers 404 as well: its existence is not the caller's business.
    if (res.count === 0) throw new NotFoundError(`saved view "${id}" not found`);
    await tx.graphPositions.deleteMany({ where: { userId: owner ?? "", clusterId, viewId: id } });
  }, PRISMA_TX_OPTIONS);
}
