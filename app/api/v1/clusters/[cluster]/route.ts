import { ClusterParamsSchema } from "@/lib/contracts/params";
import { deleteCluster, getClusterSummary } from "@/lib/server/http/clusters";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster} — one cluster. */
export const GET = withRoute({ params: ClusterParamsSchema }, async ({ params }) => getClusterSummary(params.cluster));

/** DELETE /api/v1/clusters/{cluster} — remove a cluster and its stored objects (admin; not the embedded one). */
export const DELETE = withRoute({ params: ClusterParamsSchema, role: "admin" }, async ({ params }) => {
  await deleteCluster(params.cluster);
  return new Response(null, { status: 204 });
});
