import { DeleteQuerySchema, WriteQuerySchema } from "@/lib/contracts/objects";
import { NamespaceParamsSchema } from "@/lib/contracts/params";
import { deleteObject, deletePreconditionOf, getObject, replaceObject } from "@/lib/server/http/resource-ops";
import { withRoute } from "@/lib/server/http/with-route";

// The Namespace object itself (served here because `namespaces` is a static segment).

/** GET /api/v1/clusters/{cluster}/namespaces/{namespace} — read a namespace. */
export const GET = withRoute({ params: NamespaceParamsSchema }, async ({ params }) =>
  getObject({ cluster: params.cluster, resource: "namespaces" }, params.namespace),
);

/** PUT /api/v1/clusters/{cluster}/namespaces/{namespace} — replace a namespace (labels); resourceVersion required. */
export const PUT = withRoute(
  { params: NamespaceParamsSchema, query: WriteQuerySchema, textBody: true },
  async ({ params, query, body, principal }) =>
    replaceObject({ cluster: params.cluster, resource: "namespaces" }, params.namespace, body, {
      dryRun: query.dryRun === "All",
      actor: principal.username,
    }),
);

/** DELETE /api/v1/clusters/{cluster}/namespaces/{namespace} — delete a namespace. */
export const DELETE = withRoute(
  { params: NamespaceParamsSchema, query: DeleteQuerySchema, textBody: true },
  async ({ params, query, body, principal }) =>
    deleteObject({ cluster: params.cluster, resource: "namespaces" }, params.namespace, {
      dryRun: query.dryRun === "All",
      actor: principal.username,
      resourceVersion: deletePreconditionOf(body, query.resourceVersion),
    }),
);
