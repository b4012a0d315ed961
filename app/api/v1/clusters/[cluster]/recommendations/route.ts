import { ClusterParamsSchema } from "@/lib/contracts/params";
import { withRoute } from "@/lib/server/http/with-route";
import { listRecommendations } from "@/lib/server/recommend/namespaces";

/** GET /api/v1/clusters/{cluster}/recommendations — namespace-isolation recommendations (any stagedAction) and the settings. */
export const GET = withRoute({ params: ClusterParamsSchema }, async ({ params }) => listRecommendations(params.cluster));
