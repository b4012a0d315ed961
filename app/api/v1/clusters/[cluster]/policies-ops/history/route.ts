import { HistoryQuerySchema } from "@/lib/contracts/board";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { objectHistory } from "@/lib/server/policy/board-ops";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/policies-ops/history?kind=&namespace=&name= — change log of one policy or tier. */
export const GET = withRoute({ params: ClusterParamsSchema, query: HistoryQuerySchema }, async ({ params, query }) => objectHistory(params.cluster, query));
