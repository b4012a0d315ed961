import { ClusterParamsSchema } from "@/lib/contracts/params";
import { resetClusterTo } from "@/lib/server/http/clusters";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/clusters/{cluster}/reset — wipe an embedded cluster and re-seed the demo (admin). */
export const POST = withRoute({ params: ClusterParamsSchema, role: "admin" }, async ({ params, principal }) =>
  resetClusterTo(params.cluster, principal.username),
);
