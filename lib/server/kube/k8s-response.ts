import "server-only";
/**
 * Responses of the /k8s API: JSON bodies and Kubernetes Status errors. A handler signals a
 * ready-made Status by throwing K8sStatusError; DomainErrors are mapped by the dispatcher.
 */
import type { K8sStatus } from "@/lib/k8s-api/status";

/** Carries a Status to answer; thrown by the /k8s request handlers. */
export class K8sStatusError extends Error {
  constructor(readonly status: K8sStatus) {
    super(status.message ?? status.reason ?? "error");
    this.name = "K8sStatusError";
  }
}

/** A JSON response (`application/json`, not cached). */
export function k8sJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

/** A Status response with the status's code; 401 adds the Bearer challenge. */
export function k8sStatusResponse(status: K8sStatus): Response {
  const res = k8sJson(status, status.code);
  if (status.code === 401) res.headers.set("www-authenticate", 'Bearer realm="palisade"');
  return res;
}
