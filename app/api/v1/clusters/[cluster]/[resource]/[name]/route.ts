import { DeleteQuerySchema, WriteQuerySchema } from "@/lib/contracts/objects";
import { NamedResourceParamsSchema } from "@/lib/contracts/params";
import { deleteObject, deletePreconditionOf, getObject, replaceObject } from "@/lib/server/http/resource-ops";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/{resource}/{name} — read a cluster-scoped object. */
export const GET = withRoute({ params: NamedResourceParamsSchema }, async ({ params }) =>
  getObject({ cluster: params.cluster, resource: params.resource }, params.name),
);

/** PUT /api/v1/clusters/{cluster}/{resource}/{name} — replace; metadata.resourceVersion required, 409 when stale. */
export const PUT = withRoute(
  { params: NamedResourceParamsSchema, query: WriteQuerySchema, textBody: true },
  async ({ params, query, body, principal }) =>
    replaceObject({ cluster: params.cluster, resource: params.resource }, params.name, body, {
      dryRun: query.dryRun === "All",
      actor: principal.username,
    }),
);

/** DELETE /api/v1/clusters/{cluster}/{resource}/{name} — delete; optional resourceVersion precondition. */
export const DELETE = withRoute(
  { params: NamedResourceParamsSchema, query: DeleteQuerySchema, textBody: true },
  async ({ params, query, body, principal }) =>
    deleteObject({ cluster: params.cluster, resource: params.resource }, params.name, {
      dryRun: query.dryRun === "All",
      actor: principal.username,
      resourceVersion: deletePreconditionOf(body, query.resourceVersion),
    }),
);
