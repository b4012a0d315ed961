import { AlertEventQuerySchema } from "@/lib/contracts/alerts";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getAlertEvents } from "@/lib/server/alerts/overview";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/alerts/events — fired events, newest first (`?alert=&limit=&cursor=`). */
export const GET = withRoute({ params: ClusterParamsSchema, query: AlertEventQuerySchema }, async ({ params, query }) => getAlertEvents(params.cluster, query));
