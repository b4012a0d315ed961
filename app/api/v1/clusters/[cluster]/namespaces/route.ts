import { ListQuerySchema, WriteQuerySchema } from "@/lib/contracts/objects";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { createObject, listObjects } from "@/lib/server/http/resource-ops";
import { json, withRoute } from "@/lib/server/http/with-route";

// `namespaces` is a static segment beside [resource] (it also prefixes the namespaced routes),
// so the Namespace collection is served here rather than by [resource]/route.ts.

/** GET /api/v1/clusters/{cluster}/namespaces — list namespaces (`?labelSelector=&limit=&continue=`). */
export const GET = withRoute({ params: ClusterParamsSchema, query: ListQuerySchema }, async ({ params, query }) =>
  listObjects({ cluster: params.cluster, resource: "namespaces" }, query),
);

/** POST /api/v1/clusters/{cluster}/namespaces — create a namespace (`?dryRun=All`). */
export const POST = withRoute(
  { params: ClusterParamsSchema, query: WriteQuerySchema, textBody: true },
  async ({ params, query, body, principal }) =>
    json(
      await createObject({ cluster: params.cluster, resource: "namespaces" }, body, { dryRun: query.dryRun === "All", actor: principal.username }),
      201,
    ),
);
