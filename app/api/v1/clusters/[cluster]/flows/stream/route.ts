import { FlowStreamQuerySchema } from "@/lib/contracts/flows";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { openFlowStream } from "@/lib/server/flows/stream";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/flows/stream — server-sent events: rows as they are stored, filtered like the list. */
export const GET = withRoute({ params: ClusterParamsSchema, query: FlowStreamQuerySchema }, async ({ req, params, query }) =>
  openFlowStream(params.cluster, query, { lastEventId: req.headers.get("last-event-id"), signal: req.signal }),
);
