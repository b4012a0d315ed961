/**
 * The one way the browser talks to /api/v1. Any non-2xx answer throws ApiProblem carrying the
 * status and the parsed RFC 9457 problem (synthesised when the body is not one), never `{}`.
 */
import type { Problem } from "@/lib/contracts/problem";
import { ProblemSchema } from "@/lib/contracts/problem";

/** A failed API call: HTTP status plus the problem details. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title);
    this.name = "ApiProblem";
  }
}

/** Guard for ApiProblem. */
export function isApiProblem(e: unknown): e is ApiProblem {
  return e instanceof ApiProblem;
}

export interface FetchOptions {
  readonly method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as-is (YAML import) with `text` content type. */
  readonly text?: string;
  readonly signal?: AbortSignal;
}

async function problemOf(res: Response): Promise<Problem> {
  const fallback: Problem = { type: "about:blank", title: res.statusText || `HTTP ${res.status}`, status: res.status, code: "unknown" };
  const text = await res.text().catch(() => "");
  if (text === "") return fallback;
  try {
    const parsed = ProblemSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { ...fallback, detail: text.slice(0, 500) };
  } catch {
    return { ...fallback, detail: text.slice(0, 500) };
  }
}

/** Calls the API and returns the decoded JSON body (undefined for 204). Throws ApiProblem. */
export async function apiFetch<T>(path: string, options: FetchOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers["content-type"] = "application/yaml";
    body = options.text;
  }
  let res: Response;
  try {
    res = await fetch(path, { method: options.method ?? "GET", headers, body, signal: options.signal, credentials: "same-origin" });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiProblem(0, { type: "about:blank", title: "The server cannot be reached", status: 0, code: "network", detail: e instanceof Error ? e.message : String(e) });
  }
  if (!res.ok) throw new ApiProblem(res.status, await problemOf(res));
  if (res.status === 204) return undefined as T; // 204 has no body; callers of such endpoints type T as void/undefined
  // The server's contract for this path defines T; responses are produced from the same lib/contracts types.
  return (await res.json()) as T;
}
