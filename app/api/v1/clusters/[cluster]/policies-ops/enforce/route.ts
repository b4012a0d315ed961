import { EnforceRequestSchema } from "@/lib/contracts/board";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { enforceStaged } from "@/lib/server/policy/board-ops";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/clusters/{cluster}/policies-ops/enforce — staged → enforced atomically, staged copy removed. */
export const POST = withRoute({ params: ClusterParamsSchema, body: EnforceRequestSchema }, async ({ params, body, principal }) =>
  enforceStaged(await getClusterBackend(params.cluster), body, principal.username),
);
