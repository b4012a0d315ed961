import { AddKubeClusterRequestSchema } from "@/lib/contracts/kube-clusters";
import { json, withRoute } from "@/lib/server/http/with-route";
import { addKubeCluster } from "@/lib/server/kube/kube-clusters";

/** POST /api/v1/kube-clusters — test a Kubernetes connection, then register the cluster (admin). */
export const POST = withRoute({ role: "admin", body: AddKubeClusterRequestSchema }, async ({ body }) => json(await addKubeCluster(body), 201));
