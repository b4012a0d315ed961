import { ClusterParamsSchema } from "@/lib/contracts/params";
import { withRoute } from "@/lib/server/http/with-route";
import { listWorkloads } from "@/lib/server/recommend/workload";

/** GET /api/v1/clusters/{cluster}/recommendations/workloads — the workloads the wizard can recommend for. */
export const GET = withRoute({ params: ClusterParamsSchema }, async ({ params }) => listWorkloads(params.cluster));
