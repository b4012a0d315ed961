import "server-only";
/**
 * The principal of the request being served, carried through async calls (AsyncLocalStorage).
 * withRoute() and the /k8s gate run handlers inside `runAsPrincipal`, so code far from the
 * handler — `getClusterBackend` (which then answers a permission-checking backend), the flow and
 * audit queries — applies the caller's permissions without every route passing them along.
 * Background jobs run outside any request and see everything.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Principal } from "@/lib/server/auth/principal";

interface RequestContext {
  readonly principal: Principal | undefined;
}

// On globalThis: Next may bundle route handlers and instrumentation apart; the process is one.
const g = globalThis as typeof globalThis & { __palisadeRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (g.__palisadeRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** Runs `fn` on behalf of `principal` (undefined: an anonymous public route). */
export function runAsPrincipal<T>(principal: Principal | undefined, fn: () => Promise<T>): Promise<T> {
  return storage.run({ principal }, fn);
}

/** The principal of the current request, or undefined outside a request (background work). */
export function currentPrincipal(): Principal | undefined {
  return storage.getStore()?.principal;
}
