import { ClusterParamsSchema } from "@/lib/contracts/params";
import { RecommendationSettingsSchema } from "@/lib/contracts/recommendations";
import { withRoute } from "@/lib/server/http/with-route";
import { getRecommendationSettings, saveRecommendationSettings } from "@/lib/server/recommend/settings-ops";

/** GET /api/v1/clusters/{cluster}/recommendations/settings — the recommendation scope (enabled, selector, interval, lookback, stabilization). */
export const GET = withRoute({ params: ClusterParamsSchema }, async ({ params }) => getRecommendationSettings(params.cluster));

/** PUT /api/v1/clusters/{cluster}/recommendations/settings — save the scope (admin). */
export const PUT = withRoute({ params: ClusterParamsSchema, body: RecommendationSettingsSchema, role: "admin" }, async ({ params, body }) => saveRecommendationSettings(params.cluster, body));
