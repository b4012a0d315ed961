import { SelectsRequestSchema } from "@/lib/contracts/board";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { previewSelection } from "@/lib/server/policy/what-if";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/clusters/{cluster}/policies-ops/selects — endpoints a draft policy would select. Reads only. */
export const POST = withRoute({ params: ClusterParamsSchema, body: SelectsRequestSchema, role: "viewer" }, async ({ params, body }) =>
  previewSelection(await getClusterBackend(params.cluster), body.resource),
);
