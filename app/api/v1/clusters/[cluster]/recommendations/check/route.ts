import { ClusterParamsSchema } from "@/lib/contracts/params";
import { RecommendationCheckRequestSchema } from "@/lib/contracts/recommendations";
import { withRoute } from "@/lib/server/http/with-route";
import { checkWorkloadPolicy } from "@/lib/server/recommend/workload";

/** POST /api/v1/clusters/{cluster}/recommendations/check — impact and shadowing of an edited recommendation on the observed flows (writes nothing). */
export const POST = withRoute({ params: ClusterParamsSchema, body: RecommendationCheckRequestSchema, role: "viewer" }, async ({ params, body }) => checkWorkloadPolicy(params.cluster, body));
