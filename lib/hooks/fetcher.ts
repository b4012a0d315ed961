/**
 * The one way the browser talks to /api/v1. Any non-2xx answer throws ApiProblem carrying the
 * status and the parsed RFC 9457 problem (synthesised when the body is not one), never `{}`.
 * Every 2xx body is parsed by `schema` (the response's zod contract from lib/contracts), and an
 * answer that does not match is an ApiProblem (code `contract`) naming the field, not a value
 * of the wrong shape handed on to the page.
 */
import type { z } from "zod";
import type { Problem } from "@/lib/contracts/problem";
import { ProblemSchema } from "@/lib/contracts/problem";
import { safeParseInSlices } from "@/lib/contracts/parse-in-slices";
import { JSON_SLICE_BUDGET_MS, parseJsonInSlices } from "@/lib/contracts/parse-json-in-slices";
import { nextTask } from "@/lib/next-task";

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

/**
 * The body as text, decoded piece by piece as it is read, yielding to the event loop whenever
 * a slice has run JSON_SLICE_BUDGET_MS: `res.text()` decodes a whole answer in one task (the
 * big graph's 14 MB was a 60–110 ms task of its own before its JSON was parsed).
 */
async function bodyText(res: Response): Promise<string> {
  if (res.body === null) return res.text();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let sliceStart = performance.now();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(decoder.decode(value, { stream: true }));
    if (performance.now() - sliceStart >= JSON_SLICE_BUDGET_MS) {
      await nextTask();
      sliceStart = performance.now();
    }
  }
  parts.push(decoder.decode());
  return parts.join("");
}

/** Why a body does not match its contract: the first issue's path and message. */
function contractDetail(path: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const at = issue === undefined || issue.path.length === 0 ? "(body)" : issue.path.map(String).join(".");
  return `${path}: ${at}: ${issue?.message ?? "does not match"}`;
}

/**
 * Calls the API and returns the body parsed by `schema`, the answer's contract from lib/contracts
 * (a 204 is `undefined`, parsed by NoContentSchema). Throws ApiProblem (also when the body does
 * not match). There is no unparsed variant: every answer the browser reads is checked.
 */
export async function apiFetch<S extends z.ZodType>(path: string, options: FetchOptions & { readonly schema: S }): Promise<z.output<S>> {
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
  // 204 has no body: undefined (such endpoints pass NoContentSchema). A long answer's arrays (a
  // big service graph: ~14 MB) are parsed from the text in time slices, not in one JSON.parse.
  const json: unknown = res.status === 204 ? undefined : await parseJsonInSlices(await bodyText(res));
  // Long arrays (a big service graph) are checked in time slices: no long main-thread task.
  const parsed = await safeParseInSlices(options.schema, json);
  if (parsed.success) return parsed.data;
  throw new ApiProblem(res.status, {
    type: "about:blank",
    title: "The server's answer does not match the console's contract",
    status: res.status,
    code: "contract",
    detail: contractDetail(path, parsed.error),
  });
}
