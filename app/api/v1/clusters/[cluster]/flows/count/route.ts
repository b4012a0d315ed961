import { FlowFilterQuerySchema } from "@/lib/contracts/flows";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { countFlows } from "@/lib/server/flows/query";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/flows/count — how many stored records match the filters in the time range. */
export const GET = withRoute({ params: ClusterParamsSchema, query: FlowFilterQuerySchema }, async ({ params, query }) => countFlows(params.cluster, query));
