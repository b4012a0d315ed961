import { AlertEvaluateSchema } from "@/lib/contracts/alerts";
import type { AlertEvaluateResponse } from "@/lib/contracts/alerts";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { evaluateClusterAlerts } from "@/lib/server/alerts/evaluate";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/clusters/{cluster}/alerts/evaluate — evaluate now, whatever the period (`{name?}`: one alert or all). */
export const POST = withRoute({ params: ClusterParamsSchema, body: AlertEvaluateSchema }, async ({ params, body }): Promise<AlertEvaluateResponse> => ({
  results: await evaluateClusterAlerts(params.cluster, { force: true, ...(body.name !== undefined ? { name: body.name } : {}) }),
}));
