import { ClusterParamsSchema } from "@/lib/contracts/params";
import { WorkloadRecommendRequestSchema } from "@/lib/contracts/recommendations";
import { withRoute } from "@/lib/server/http/with-route";
import { recommendWorkload } from "@/lib/server/recommend/workload";

/** POST /api/v1/clusters/{cluster}/recommendations/workload — recommend a policy for one workload over a time range (writes nothing). */
export const POST = withRoute({ params: ClusterParamsSchema, body: WorkloadRecommendRequestSchema, role: "viewer" }, async ({ params, body }) => recommendWorkload(params.cluster, body));
