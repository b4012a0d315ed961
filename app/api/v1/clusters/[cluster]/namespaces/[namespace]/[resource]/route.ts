import { ListQuerySchema, WriteQuerySchema } from "@/lib/contracts/objects";
import { NamespacedResourceParamsSchema } from "@/lib/contracts/params";
import { createObject, listObjects } from "@/lib/server/http/resource-ops";
import { json, withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/namespaces/{namespace}/{resource} — list in one namespace. */
export const GET = withRoute({ params: NamespacedResourceParamsSchema, query: ListQuerySchema }, async ({ params, query }) =>
  listObjects({ cluster: params.cluster, resource: params.resource, namespace: params.namespace }, query),
);

/** POST /api/v1/clusters/{cluster}/namespaces/{namespace}/{resource} — create a namespaced object (`?dryRun=All`). */
export const POST = withRoute(
  { params: NamespacedResourceParamsSchema, query: WriteQuerySchema, textBody: true },
  async ({ params, query, body, principal }) => {
    const target = { cluster: params.cluster, resource: params.resource, namespace: params.namespace };
    return json(await createObject(target, body, { dryRun: query.dryRun === "All", actor: principal.username }), 201);
  },
);
