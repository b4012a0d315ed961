/**
 * /k8s through its route handlers (no kubectl): fieldValidation on create, update and patch
 * (unknown and duplicate fields, the three modes, a bad value), the OpenAPI caching headers,
 * and list resourceVersion / resourceVersionMatch semantics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
type Routes = typeof import("@/app/k8s/[[...path]]/route");
let routes: Routes;
let token = "";

async function call(method: keyof Routes & ("GET" | "POST" | "PUT" | "PATCH"), path: string, init: { body?: string; contentType?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const url = new URL(`http://127.0.0.1/k8s${path}`);
  const req = new Request(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { "content-type": init.contentType ?? "application/json" } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const segments = url.pathname.slice("/k8s".length).split("/").filter((s) => s !== "");
  return routes[method](req, { params: Promise.resolve({ path: segments }) });
}

const TIERS = "/apis/projectcalico.org/v3/tiers";
const tier = (name: string, spec: string): string => `{"apiVersion":"projectcalico.org/v3","kind":"Tier","metadata":{"name":"${name}"},"spec":${spec}}`;

beforeAll(async () => {
  const { issueAdminToken } = await import("@/lib/server/kube/testing/k8s-test-server");
  routes = await import("@/app/k8s/[[...path]]/route");
  token = await issueAdminToken("fields");
});

afterAll(async () => {
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
});

describe("fieldValidation", () => {
  it("Strict refuses unknown and duplicate fields on create with upstream's message", async () => {
    const res = await call("POST", `${TIERS}?fieldValidation=Strict`, { body: tier("fv-a", '{"order":5,"colour":"red","order":6}') });
    expect(res.status).toBe(400);
    const status = (await res.json()) as { reason: string; message: string };
    expect(status.reason).toBe("BadRequest");
    expect(status.message).toBe('Tier in version "v3" cannot be handled as a Tier: strict decoding error: duplicate field "spec.order", unknown field "spec.colour"');
  });
  it("Warn (the default) drops them and sends one Warning header each", async () => {
    const res = await call("POST", TIERS, { body: tier("fv-b", '{"order":5,"colour":"red"}') });
    expect(res.status).toBe(201);
    expect(res.headers.get("warning")).toBe('299 - "unknown field \\"spec.colour\\""');
    const created = (await res.json()) as { spec: Record<string, unknown> };
    expect(created.spec).toEqual({ order: 5 });
  });
  it("Ignore drops them silently; PUT and merge patch are checked the same way", async () => {
    const res = await call("POST", `${TIERS}?fieldValidation=Ignore`, { body: tier("fv-c", '{"order":5,"colour":"red"}') });
    expect(res.status).toBe(201);
    expect(res.headers.get("warning")).toBeNull();
    const put = await call("PUT", `${TIERS}/fv-c?fieldValidation=Strict`, { body: tier("fv-c", '{"order":7,"shade":"dark"}') });
    expect(put.status).toBe(400);
    expect(((await put.json()) as { message: string }).message).toContain('unknown field "spec.shade"');
    const patch = await call("PATCH", `${TIERS}/fv-c?fieldValidation=Strict`, { body: '{"spec":{"tint":1}}', contentType: "application/merge-patch+json" });
    expect(patch.status).toBe(400);
    expect(((await patch.json()) as { message: string }).message).toBe('strict decoding error: unknown field "spec.tint"');
    const warned = await call("PATCH", `${TIERS}/fv-c`, { body: '{"spec":{"tint":1,"order":8}}', contentType: "application/merge-patch+json" });
    expect(warned.status).toBe(200);
    expect(warned.headers.get("warning")).toBe('299 - "unknown field \\"spec.tint\\""');
    expect(((await warned.json()) as { spec: { order: number } }).spec.order).toBe(8);
  });
  it("sends the warnings with a refusal too", async () => {
    const res = await call("POST", TIERS, { body: tier("fv-e", '{"order":"high","colour":"red"}') });
    expect(res.status).toBe(422);
    expect(res.headers.get("warning")).toBe('299 - "unknown field \\"spec.colour\\""');
  });
  it("refuses an unsupported mode as the apiserver validates CreateOptions", async () => {
    const res = await call("POST", `${TIERS}?fieldValidation=strict`, { body: tier("fv-d", "{}") });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toBe('CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"');
  });
});

describe("OpenAPI caching", () => {
  it("answers If-None-Match with 304 and redirects a stale v3 hash to the current one", async () => {
    const index = await call("GET", "/openapi/v3");
    const url = ((await index.json()) as { paths: Record<string, { serverRelativeURL: string }> }).paths["apis/networking.k8s.io/v1"]?.serverRelativeURL ?? "";
    const doc = await call("GET", url);
    expect(doc.status).toBe(200);
    expect(doc.headers.get("cache-control")).toBe("public, immutable");
    const etag = doc.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[0-9A-F]{128}"$/);
    expect((await call("GET", url, { headers: { "if-none-match": etag } })).status).toBe(304);
    const stale = await call("GET", "/openapi/v3/apis/networking.k8s.io/v1?hash=ABC");
    expect(stale.status).toBe(301);
    expect(stale.headers.get("location")).toBe(`/k8s${url}`);
    const v2 = await call("GET", "/openapi/v2", { headers: { accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" } });
    expect(v2.headers.get("content-type")).toBe("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    const json = await call("GET", "/openapi/v2");
    expect(((await json.json()) as { swagger: string }).swagger).toBe("2.0");
  });
});

describe("list resourceVersion", () => {
  it("serves resourceVersionMatch=Exact at the current version, 410 Expired before it, 504 beyond it", async () => {
    const list = (await (await call("GET", TIERS)).json()) as { metadata: { resourceVersion: string } };
    const rv = list.metadata.resourceVersion;
    expect((await call("GET", `${TIERS}?resourceVersion=${rv}&resourceVersionMatch=Exact`)).status).toBe(200);
    const old = await call("GET", `${TIERS}?resourceVersion=1&resourceVersionMatch=Exact`);
    expect(old.status).toBe(410);
    expect((await old.json()) as object).toMatchObject({ reason: "Expired", message: `too old resource version: 1 (${rv})` });
    expect((await call("GET", `${TIERS}?resourceVersion=1&resourceVersionMatch=NotOlderThan`)).status).toBe(200);
    const ahead = await call("GET", `${TIERS}?resourceVersion=${BigInt(rv) + 1000n}&resourceVersionMatch=NotOlderThan`);
    expect(ahead.status).toBe(504);
    expect(((await ahead.json()) as { message: string }).message).toBe(`Too large resource version: ${BigInt(rv) + 1000n}, current: ${rv}`);
    const zero = await call("GET", `${TIERS}?resourceVersion=0&resourceVersionMatch=Exact`);
    expect(zero.status).toBe(400);
    const withContinue = await call("GET", `${TIERS}?resourceVersion=${rv}&continue=abc`);
    expect(((await withContinue.json()) as { message: string }).message).toBe("specifying resource version is not allowed when using continue");
  });
});
