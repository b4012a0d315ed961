import { ClusterParamsSchema } from "@/lib/contracts/params";
import { SaveGraphViewRequestSchema } from "@/lib/contracts/saved-views";
import { json, withRoute } from "@/lib/server/http/with-route";
import { listSavedViews, saveView } from "@/lib/server/repos/saved-views";

/** GET /api/v1/clusters/{cluster}/graph/views — the caller's saved service-graph views, by name. */
export const GET = withRoute({ params: ClusterParamsSchema }, async ({ params, principal }) => ({ items: await listSavedViews(principal, params.cluster, "graph") }));

/**
 * POST /api/v1/clusters/{cluster}/graph/views — save the graph's state under a name (201), or
 * replace the caller's view of that name (200). Views are personal, so viewers may save them.
 */
export const POST = withRoute({ params: ClusterParamsSchema, body: SaveGraphViewRequestSchema, role: "viewer" }, async ({ params, body, principal }) => {
  const { view, created } = await saveView(principal, params.cluster, "graph", body.name, body.state);
  return json(view, created ? 201 : 200);
});
