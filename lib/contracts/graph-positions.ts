/**
 * Contracts of the service graph's stored node positions: GET/PUT/DELETE
 * /api/v1/clusters/{cluster}/graph/positions[?view=<saved view id>]. Positions belong to the
 * calling user, one cluster and one saved view (none = the plain graph page). PUT merges: the
 * nodes sent get their new place, the others keep theirs (last writer wins per node, which is
 * what two tabs dragging different nodes want; there is no document to conflict on).
 */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";

const API = "/api/v1";
const seg = encodeURIComponent;

/** Most nodes one PUT may carry, and most a stored layout keeps (beyond it, a PUT replaces). */
export const MAX_POSITIONS_PER_WRITE = 20_000;
export const MAX_STORED_POSITIONS = 50_000;

const coordinate = z.number().finite().min(-1e7).max(1e7);
const PositionSchema = lazySchema(() => z.object({ x: coordinate, y: coordinate }));

/** `?view=`: a saved view's id, or absent for the graph page without a view. */
export const GraphPositionsQuerySchema = lazySchema(() => z.object({ view: z.uuid().optional() }));
export type GraphPositionsQuery = z.infer<typeof GraphPositionsQuerySchema>;

/** PUT body: node id → position. */
export const SaveGraphPositionsRequestSchema = lazySchema(() => z.object({
  positions: z
    .record(z.string().min(1).max(600), PositionSchema)
    .refine((r) => Object.keys(r).length <= MAX_POSITIONS_PER_WRITE, { message: `at most ${MAX_POSITIONS_PER_WRITE} positions per write` }),
}));
export type SaveGraphPositionsRequest = z.infer<typeof SaveGraphPositionsRequestSchema>;

/** GET reply (and PUT reply, after the merge); `updatedAt` (RFC 3339) is absent when nothing is stored yet. */
export const GraphPositionsReplySchema = lazySchema(() => z.object({
  positions: z.record(z.string(), z.object({ x: z.number(), y: z.number() })),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
}));
export type GraphPositionsReply = z.infer<typeof GraphPositionsReplySchema>;

/** URL builder. */
export const graphPositionPaths = {
  positions: (cluster: string, view?: string): string => `${API}/clusters/${seg(cluster)}/graph/positions${view !== undefined ? `?view=${seg(view)}` : ""}`,
};
