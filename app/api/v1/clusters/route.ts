import { CreateClusterRequestSchema } from "@/lib/contracts/clusters";
import { createCluster, listClusterSummaries } from "@/lib/server/http/clusters";
import { json, withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters — every registered cluster, the embedded demo first. */
export const GET = withRoute({}, async () => listClusterSummaries());

/** POST /api/v1/clusters — register a cluster (admin); an embedded one is seeded with the demo. */
export const POST = withRoute({ role: "admin", body: CreateClusterRequestSchema }, async ({ body }) =>
  json(await createCluster(body), 201),
);
