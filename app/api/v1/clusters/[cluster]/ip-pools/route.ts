import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getIpPoolsOverview } from "@/lib/server/ip-pools/overview";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/ip-pools — every IPPool with the namespaces and workloads that use it and its utilisation. */
export const GET = withRoute({ params: ClusterParamsSchema }, async ({ params }) => getIpPoolsOverview(params.cluster));
