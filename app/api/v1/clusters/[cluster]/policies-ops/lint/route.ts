import { LintQuerySchema } from "@/lib/contracts/lint";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { lintCluster } from "@/lib/server/policy/lint";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/policies-ops/lint?windowMinutes=N — the policy analyser's findings. Reads only. */
export const GET = withRoute({ params: ClusterParamsSchema, query: LintQuerySchema, role: "viewer" }, async ({ params, query }) =>
  lintCluster(await getClusterBackend(params.cluster), query),
);
