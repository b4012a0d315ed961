import { ListQuerySchema, WriteQuerySchema } from "@/lib/contracts/objects";
import { ResourceParamsSchema } from "@/lib/contracts/params";
import { createObject, listObjects } from "@/lib/server/http/resource-ops";
import { json, withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/{resource} — list across all namespaces (`?namespace=&tier=&labelSelector=&limit=&continue=`). */
export const GET = withRoute({ params: ResourceParamsSchema, query: ListQuerySchema }, async ({ params, query }) =>
  listObjects({ cluster: params.cluster, resource: params.resource }, query),
);

/** POST /api/v1/clusters/{cluster}/{resource} — create a cluster-scoped object (`?dryRun=All`). */
export const POST = withRoute(
  { params: ResourceParamsSchema, query: WriteQuerySchema, textBody: true },
  async ({ params, query, body, principal }) => {
    const target = { cluster: params.cluster, resource: params.resource };
    return json(await createObject(target, body, { dryRun: query.dryRun === "All", actor: principal.username }), 201);
  },
);
