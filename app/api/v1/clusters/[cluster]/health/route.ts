import { ClusterParamsSchema } from "@/lib/contracts/params";
import { withRoute } from "@/lib/server/http/with-route";
import { clusterHealth } from "@/lib/server/kube/health";

/** GET /api/v1/clusters/{cluster}/health — ok, stale (connection lost, cache served) or unavailable, since when and why. */
export const GET = withRoute({ params: ClusterParamsSchema }, async ({ params }) => clusterHealth(params.cluster));
