import { ImpactRequestSchema } from "@/lib/contracts/board";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { previewImpact } from "@/lib/server/policy/what-if";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/clusters/{cluster}/policies-ops/impact — connections whose verdict a proposed change would change. Reads only. */
export const POST = withRoute({ params: ClusterParamsSchema, body: ImpactRequestSchema, role: "viewer" }, async ({ params, body }) =>
  previewImpact(await getClusterBackend(params.cluster), body),
);
