import { FlowListQuerySchema } from "@/lib/contracts/flows";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { exportFlows, listFlows } from "@/lib/server/flows/query";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/flows — filtered flows, newest first, keyset-paged; `format=csv|json` downloads every filtered row. */
export const GET = withRoute({ params: ClusterParamsSchema, query: FlowListQuerySchema }, async ({ params, query }) => {
  if (query.format === undefined) return listFlows(params.cluster, query);
  const file = await exportFlows(params.cluster, query, query.format);
  return new Response(file.body, {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
      "x-palisade-truncated": String(file.truncated),
    },
  });
});
