import { WriteQuerySchema } from "@/lib/contracts/objects";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { applyText } from "@/lib/server/http/resource-ops";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/clusters/{cluster}/apply — create-or-update multi-document YAML/JSON, all or nothing (`?dryRun=All`). */
export const POST = withRoute(
  { params: ClusterParamsSchema, query: WriteQuerySchema, textBody: true },
  async ({ params, query, body, principal }) =>
    applyText(params.cluster, body, { dryRun: query.dryRun === "All", actor: principal.username }),
);
