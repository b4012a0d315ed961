import { BoardChangesRequestSchema } from "@/lib/contracts/board";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { applyBoardChanges } from "@/lib/server/policy/board-ops";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/clusters/{cluster}/board/changes — reorder / move / rename policies and tiers, atomically; 409 when stale. */
export const POST = withRoute({ params: ClusterParamsSchema, body: BoardChangesRequestSchema }, async ({ params, body, principal }) =>
  applyBoardChanges(await getClusterBackend(params.cluster), body.changes, principal.username),
);
