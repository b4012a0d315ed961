import "server-only";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Helpers for route-handler tests: a throwaway data folder (set before any server module is
 * imported, since lib/server/env.ts parses the environment at import), Requests with or without
 * the session cookie, and calls of the exported handlers. Used only by *.test.ts files.
 */
export const TEST_ORIGIN = "http://palisade.test";
export const TEST_ADMIN_PASSWORD = "correct-horse-battery";

/** Points PALISADE_DATA_DIR at a fresh temp folder and fixes the admin password. Returns a cleanup. */
export function useThrowawayDataDir(): { readonly dir: string; readonly cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-routes-"));
  process.env.PALISADE_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  process.env.PALISADE_ADMIN_PASSWORD = TEST_ADMIN_PASSWORD;
  // Request logs would drown the test output; warnings and errors still print.
  process.env.PALISADE_LOG_LEVEL ??= "warn";
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

export interface CallOptions {
  readonly cookie?: string;
  readonly bearer?: string;
  readonly json?: unknown;
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, string>>;
}

/** Calls a route handler export like Next would. `url` is a path (`/api/v1/...?x=y`). */
export async function call(handler: Handler, method: string, url: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.cookie !== undefined) headers.set("cookie", options.cookie);
  if (options.bearer !== undefined) headers.set("authorization", `Bearer ${options.bearer}`);
  let body: string | undefined;
  if (options.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers.set("content-type", "application/yaml");
    body = options.text;
  }
  const req = new Request(new URL(url, TEST_ORIGIN), { method, headers, body });
  return handler(req, { params: Promise.resolve({ ...options.params }) });
}

/** The `name=value` part of a Set-Cookie header, for sending back as a Cookie header. */
export function cookieFrom(res: Response): string {
  const set = res.headers.get("set-cookie");
  if (set === null) throw new Error("no Set-Cookie header");
  return set.split(";")[0] ?? "";
}
