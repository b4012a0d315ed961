import { WhatIfRequestSchema } from "@/lib/contracts/board";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getClusterBackend } from "@/lib/server/cluster/registry";
import { runWhatIf } from "@/lib/server/policy/what-if";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/clusters/{cluster}/policies-ops/what-if — judge one probe (enforced and staged, with traces). Reads only. */
export const POST = withRoute({ params: ClusterParamsSchema, body: WhatIfRequestSchema, role: "viewer" }, async ({ params, body }) =>
  runWhatIf(await getClusterBackend(params.cluster), body),
);
