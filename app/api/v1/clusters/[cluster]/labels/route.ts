import { LabelPatchSchema } from "@/lib/contracts/labels";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { patchObjectLabels } from "@/lib/server/cluster/labels";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/clusters/{cluster}/labels — change only the labels of a Pod or Namespace (`set`, `remove`), at `resourceVersion` when given (409 otherwise). */
export const POST = withRoute({ params: ClusterParamsSchema, body: LabelPatchSchema }, async ({ params, body, principal }) =>
  patchObjectLabels(
    params.cluster,
    { kind: body.kind, name: body.name, ...(body.namespace !== undefined ? { namespace: body.namespace } : {}), change: { set: body.set, remove: body.remove }, ...(body.resourceVersion !== undefined ? { resourceVersion: body.resourceVersion } : {}) },
    principal.username,
  ),
);
