import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getAlertsOverview } from "@/lib/server/alerts/overview";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/alerts — every GlobalAlert with its latest evaluation (state, last fired, summary). */
export const GET = withRoute({ params: ClusterParamsSchema }, async ({ params }) => getAlertsOverview(params.cluster));
