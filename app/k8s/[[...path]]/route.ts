import { serveK8sApi } from "@/lib/server/kube/k8s-api";

/**
 * /k8s/** — the Kubernetes-compatible API (discovery, get/list/watch/create/update/patch/delete)
 * for kubectl and client-go. Not a withRoute() handler: it speaks Kubernetes Status, not problem
 * JSON, and authenticates with `Authorization: Bearer <API token>` only, in serveK8sApi's gate.
 */
type Context = { params: Promise<{ path?: string[] }> };

async function handle(req: Request, ctx: Context): Promise<Response> {
  const { path } = await ctx.params;
  return serveK8sApi(req, path ?? []);
}

/** GET /k8s/** — discovery, get, list, watch. */
export const GET = handle;
/** POST /k8s/** — create. */
export const POST = handle;
/** PUT /k8s/** — update. */
export const PUT = handle;
/** PATCH /k8s/** — JSON, merge and strategic merge patch; server-side apply. */
export const PATCH = handle;
/** DELETE /k8s/** — delete. */
export const DELETE = handle;

export const dynamic = "force-dynamic";
