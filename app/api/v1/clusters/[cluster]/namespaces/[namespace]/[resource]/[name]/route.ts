import { DeleteQuerySchema, WriteQuerySchema } from "@/lib/contracts/objects";
import { NamespacedNamedResourceParamsSchema } from "@/lib/contracts/params";
import { deleteObject, deletePreconditionOf, getObject, replaceObject } from "@/lib/server/http/resource-ops";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/namespaces/{namespace}/{resource}/{name} — read a namespaced object. */
export const GET = withRoute({ params: NamespacedNamedResourceParamsSchema }, async ({ params }) =>
  getObject({ cluster: params.cluster, resource: params.resource, namespace: params.namespace }, params.name),
);

/** PUT /api/v1/clusters/{cluster}/namespaces/{namespace}/{resource}/{name} — replace; resourceVersion required, 409 when stale. */
export const PUT = withRoute(
  { params: NamespacedNamedResourceParamsSchema, query: WriteQuerySchema, textBody: true },
  async ({ params, query, body, principal }) =>
    replaceObject({ cluster: params.cluster, resource: params.resource, namespace: params.namespace }, params.name, body, {
      dryRun: query.dryRun === "All",
      actor: principal.username,
    }),
);

/** DELETE /api/v1/clusters/{cluster}/namespaces/{namespace}/{resource}/{name} — delete; optional resourceVersion precondition. */
export const DELETE = withRoute(
  { params: NamespacedNamedResourceParamsSchema, query: DeleteQuerySchema, textBody: true },
  async ({ params, query, body, principal }) =>
    deleteObject({ cluster: params.cluster, resource: params.resource, namespace: params.namespace }, params.name, {
      dryRun: query.dryRun === "All",
      actor: principal.username,
      resourceVersion: deletePreconditionOf(body, query.resourceVersion),
    }),
);
