import { ClusterParamsSchema } from "@/lib/contracts/params";
import { withRoute } from "@/lib/server/http/with-route";
import { recomputeRecommendations } from "@/lib/server/recommend/namespaces";

/** POST /api/v1/clusters/{cluster}/recommendations/run — recompute every namespace recommendation now (400 when disabled). */
export const POST = withRoute({ params: ClusterParamsSchema }, async ({ params }) => recomputeRecommendations(params.cluster));
