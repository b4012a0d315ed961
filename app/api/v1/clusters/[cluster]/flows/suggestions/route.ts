import { FlowSuggestionsQuerySchema } from "@/lib/contracts/flows";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { suggestFlowValues } from "@/lib/server/flows/query";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/flows/suggestions?field=&q= — values seen in stored flows for a filter field. */
export const GET = withRoute({ params: ClusterParamsSchema, query: FlowSuggestionsQuerySchema }, async ({ params, query }) =>
  suggestFlowValues(params.cluster, query.field, query.q, { ...(query.from !== undefined ? { from: query.from } : {}), ...(query.to !== undefined ? { to: query.to } : {}) }),
);
