import { ClusterParamsSchema } from "@/lib/contracts/params";
import { RecommendationActionSchema } from "@/lib/contracts/recommendations";
import { withRoute } from "@/lib/server/http/with-route";
import { actOnRecommendations } from "@/lib/server/recommend/namespaces";

/** POST /api/v1/clusters/{cluster}/recommendations/actions — add to the policy board (`activate`) or `dismiss`, for one or many namespaces. */
export const POST = withRoute({ params: ClusterParamsSchema, body: RecommendationActionSchema }, async ({ params, body, principal }) => actOnRecommendations(params.cluster, body, principal.username));
