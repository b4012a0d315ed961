import "server-only";
/**
 * Stored service-graph node positions (table "GraphPositions", 0080_graph_positions), per user,
 * cluster and saved view, in the shared database so every console process draws the same
 * picture. Rows are re-parsed on the way out: entries that are not finite {x, y} are dropped.
 * Prisma Client; a merge is a compare-and-swap on `updatedAt` (see `saveGraphPositions`).
 */
import type { GraphPositionsReply } from "@/lib/contracts/graph-positions";
import { MAX_STORED_POSITIONS } from "@/lib/contracts/graph-positions";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Principal } from "@/lib/server/auth/principal";
import { getCluster } from "@/lib/server/cluster/registry";
import { getPrisma } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";

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

function toReply(row: Row): GraphPositionsReply {
  return { positions: toPositions(row.positions), updatedAt: row.updatedAt.toISOString() };
}

/** A saved view's positions need the view to be the caller's own (404 otherwise). */
async function assertViewOf(owner: string, clusterId: string, viewId: string): Promise<void> {
  if (viewId === "") return;
  const prisma = await getPrisma();
  const found = await prisma.savedView.count({ where: { id: viewId, userId: owner, clusterId } });
  if (found === 0) throw new NotFoundError(`saved view "${viewId}" not found`);
}

/** The caller's positions for a cluster and view ("" = none). Throws NotFoundError (cluster, view). */
export async function getGraphPositions(principal: Principal, clusterId: string, viewId = ""): Promise<GraphPositionsReply> {
  await getCluster(clusterId);
  const owner = principal.userId;
  if (owner === undefined) return { positions: {} };
  await assertViewOf(owner, clusterId, viewId);
  const prisma = await getPrisma();
  const row = await prisma.graphPositions.findUnique({ where: { userId_clusterId_viewId: { userId: owner, clusterId, viewId } }, select: { positions: true, updatedAt: true } });
  return row === null ? { positions: {} } : { positions: toPositions(row.positions), updatedAt: row.updatedAt.toISOString() };
}

/** Attempts of the read-merge-write race before giving up (each lost round means another write went through). */
const MAX_MERGE_ATTEMPTS = 20;

const isPrismaError = (e: unknown, code: string): boolean => e instanceof Prisma.PrismaClientKnownRequestError && e.code === code;

/**
 * Merges `positions` into the caller's stored ones (a layout grown past MAX_STORED_POSITIONS is
 * replaced by the write instead, which bounds the row). The merge is a compare-and-swap on
 * `updatedAt`: the merged row is written only where `updatedAt` is still what was read (every
 * write moves it forward by at least the column's millisecond), else it is read and merged
 * again, so concurrent writers (two tabs dragging) never lose each other's nodes. Throws
 * NotFoundError (cluster, view), ForbiddenError (a token without a user), ConflictError (lost
 * the race MAX_MERGE_ATTEMPTS times).
 */
export async function saveGraphPositions(principal: Principal, clusterId: string, viewId: string, positions: Positions): Promise<GraphPositionsReply> {
  await getCluster(clusterId);
  const owner = principal.userId;
  if (owner === undefined) throw new ForbiddenError("graph positions belong to a user: log in, or use an API token issued to a user");
  await assertViewOf(owner, clusterId, viewId);
  const prisma = await getPrisma();
  const key = { userId_clusterId_viewId: { userId: owner, clusterId, viewId } };
  for (let attempt = 0; attempt < MAX_MERGE_ATTEMPTS; attempt++) {
    const current = await prisma.graphPositions.findUnique({ where: key, select: { positions: true, updatedAt: true } });
    if (current === null) {
      try {
        const row = await prisma.graphPositions.create({ data: { userId: owner, clusterId, viewId, positions, updatedAt: new Date() }, select: { positions: true, updatedAt: true } });
        return toReply(row);
      } catch (e) {
        if (isPrismaError(e, "P2002")) continue;
        throw e;
      }
    }
    const merged = { ...toPositions(current.positions), ...positions };
    const next = Object.keys(merged).length > MAX_STORED_POSITIONS ? positions : merged;
    const updatedAt = new Date(Math.max(Date.now(), current.updatedAt.getTime() + 1));
    const { count } = await prisma.graphPositions.updateMany({ where: { userId: owner, clusterId, viewId, updatedAt: current.updatedAt }, data: { positions: next, updatedAt } });
    if (count === 1) return toReply({ positions: next, updatedAt });
  }
  throw new ConflictError("the graph positions kept changing while they were being saved; try again");
}

/** Forgets the caller's positions for a cluster and view (the next visit lays the graph out afresh). */
export async function deleteGraphPositions(principal: Principal, clusterId: string, viewId = ""): Promise<void> {
  await getCluster(clusterId);
  const owner = principal.userId;
  if (owner === undefined) return;
  await assertViewOf(owner, clusterId, viewId);
  const prisma = await getPrisma();
  await prisma.graphPositions.deleteMany({ where: { userId: owner, clusterId, viewId } });
}
