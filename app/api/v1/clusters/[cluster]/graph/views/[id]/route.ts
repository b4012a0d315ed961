import { SavedViewParamsSchema } from "@/lib/contracts/saved-views";
import { withRoute } from "@/lib/server/http/with-route";
import { deleteView } from "@/lib/server/repos/saved-views";

/** DELETE /api/v1/clusters/{cluster}/graph/views/{id} — delete one of the caller's saved graph views (204). */
export const DELETE = withRoute({ params: SavedViewParamsSchema, role: "viewer" }, async ({ params, principal }) => {
  await deleteView(principal, params.cluster, "graph", params.id);
  return new Response(null, { status: 204 });
});
