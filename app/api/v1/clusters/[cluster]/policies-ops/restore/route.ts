import { RestoreRequestSchema } from "@/lib/contracts/board";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { restoreRevision } from "@/lib/server/policy/board-ops";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/clusters/{cluster}/policies-ops/restore — write an old revision back as a new audited update. */
export const POST = withRoute({ params: ClusterParamsSchema, body: RestoreRequestSchema }, async ({ params, body, principal }) =>
  restoreRevision(await getClusterBackend(params.cluster), body, principal.username),
);
