import { GraphQuerySchema } from "@/lib/contracts/flows";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { queryGraph } from "@/lib/server/flows/graph";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/graph?from&to&level&expand&namespace&action — the service graph of a time range. */
export const GET = withRoute({ params: ClusterParamsSchema, query: GraphQuerySchema }, async ({ params, query }) => queryGraph(params.cluster, query));
