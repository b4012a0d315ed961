import { GraphPositionsQuerySchema, SaveGraphPositionsRequestSchema } from "@/lib/contracts/graph-positions";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { withRoute } from "@/lib/server/http/with-route";
import { deleteGraphPositions, getGraphPositions, saveGraphPositions } from "@/lib/server/repos/graph-positions";

/** GET /api/v1/clusters/{cluster}/graph/positions?view — the caller's stored node positions of the graph (or of a saved view). */
export const GET = withRoute({ params: ClusterParamsSchema, query: GraphPositionsQuerySchema }, async ({ params, query, principal }) => getGraphPositions(principal, params.cluster, query.view ?? ""));

/** PUT /api/v1/clusters/{cluster}/graph/positions?view — merge node positions into the caller's stored ones. Personal, so viewers may. */
export const PUT = withRoute({ params: ClusterParamsSchema, query: GraphPositionsQuerySchema, body: SaveGraphPositionsRequestSchema, role: "viewer" }, async ({ params, query, body, principal }) =>
  saveGraphPositions(principal, params.cluster, query.view ?? "", body.positions),
);

/** DELETE /api/v1/clusters/{cluster}/graph/positions?view — forget the stored positions (204): the graph is laid out afresh. */
export const DELETE = withRoute({ params: ClusterParamsSchema, query: GraphPositionsQuerySchema, role: "viewer" }, async ({ params, query, principal }) => {
  await deleteGraphPositions(principal, params.cluster, query.view ?? "");
  return new Response(null, { status: 204 });
});
