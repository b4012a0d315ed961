import { BoardTrafficQuerySchema } from "@/lib/contracts/board";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { getBoardTraffic } from "@/lib/server/policy/traffic";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/board/traffic?minutes=|from=&to= — allowed / denied / passed hits per policy from the flow store. */
export const GET = withRoute({ params: ClusterParamsSchema, query: BoardTrafficQuerySchema }, async ({ params, query }) => getBoardTraffic(await getClusterBackend(params.cluster), query));
