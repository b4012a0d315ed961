import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { getBoardSnapshot } from "@/lib/server/policy/board-ops";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/board — tiers and policies, endpoint counts, workloads for the pickers. */
export const GET = withRoute({ params: ClusterParamsSchema }, async ({ params }) => getBoardSnapshot(await getClusterBackend(params.cluster)));
