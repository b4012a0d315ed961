/**
 * Request limits, probed through the route handlers on a throwaway embedded cluster: oversized
 * bodies get 413 before they are read whole, too many documents 413, alias bombs and deep
 * nesting 400 (never 500), invalid UTF-8 400, unread media types 415, and hostile flow records
 * 422 naming the line and field. The /k8s API answers the same limits as Kubernetes Status.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toFlowWire } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, TEST_ORIGIN, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
// Small limits so the probes stay cheap; the defaults are 10 MiB / 32 MiB / 500 documents.
process.env.PALISADE_MAX_BODY_BYTES = String(256 * 1024);
process.env.PALISADE_MAX_FLOW_BODY_BYTES = String(512 * 1024);
process.env.PALISADE_MAX_APPLY_DOCUMENTS = "50";

type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "DELETE", Handler>>;
let apply: RouteModule;
let collection: RouteModule;
let ingest: RouteModule;
let flows: RouteModule;
let views: RouteModule;
let tokens: RouteModule;
let k8s: RouteModule;
let closeDatabase: () => Promise<void>;
let cookie = "";
let bearer = "";

const h = (m: RouteModule, k: keyof RouteModule): Handler => {
  const fn = m[k];
  if (fn === undefined) throw new Error(`no ${k}`);
  return fn;
};
const params = { cluster: "embedded" };
const T0 = 1_700_000_000;

beforeAll(async () => {
  const session: RouteModule = await import("@/app/api/v1/session/route");
  apply = await import("@/app/api/v1/clusters/[cluster]/apply/route");
  collection = await import("@/app/api/v1/clusters/[cluster]/[resource]/route");
  ingest = await import("@/app/api/v1/flowlogs/route");
  flows = await import("@/app/api/v1/clusters/[cluster]/flows/route");
  views = await import("@/app/api/v1/clusters/[cluster]/graph/views/route");
  tokens = await import("@/app/api/v1/tokens/route");
  k8s = await import("@/app/k8s/[[...path]]/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  const res = await call(h(session, "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } });
  cookie = cookieFrom(res);
  const issued = await call(h(tokens, "POST"), "POST", "/api/v1/tokens", { cookie, json: { name: "limits-test" } });
  bearer = ((await issued.json()) as { token: string }).token;
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

async function problem(res: Response): Promise<{ status: number; code?: string; detail?: string; errors?: { path: string; message: string; line?: number; field?: string }[] }> {
  return (await res.json()) as { status: number };
}

/** A request with exactly these headers (the kit's `call` sets its own Content-Type). */
function raw(handler: Handler, path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>, routeParams: Record<string, string> = {}): Promise<Response> {
  const req = new Request(new URL(path, TEST_ORIGIN), { method: "POST", headers: { cookie, ...headers }, body });
  return handler(req, { params: Promise.resolve(routeParams) });
}

const tier = (name: string) => `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: ${name}\nspec:\n  order: 500\n`;

/** A request whose body arrives as a stream without Content-Length; counts the chunks pulled. */
function streamed(path: string, chunk: Uint8Array, chunks: number): { req: Request; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) return controller.close();
      pulled++;
      controller.enqueue(chunk);
    },
  });
  const req = new Request(new URL(path, TEST_ORIGIN), {
    method: "POST",
    headers: { cookie, "content-type": "application/yaml" },
    body: stream,
    // Node's fetch needs `duplex` for a stream body; it is not in the DOM RequestInit type yet.
    duplex: "half",
  } as RequestInit);
  return { req, pulled: () => pulled };
}

describe("request size", () => {
  it("answers 413 problem JSON for a declared Content-Length over the limit, without reading the body", async () => {
    const { req, pulled } = streamed("/api/v1/clusters/embedded/apply?dryRun=All", new Uint8Array(64 * 1024).fill(0x20), 100);
    req.headers.set("content-length", String(100 * 64 * 1024));
    const res = await h(apply, "POST")(req, { params: Promise.resolve(params) });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await problem(res)).toMatchObject({ status: 413, code: "payloadTooLarge" });
    expect(pulled()).toBeLessThanOrEqual(1);
  });

  it("cuts a streamed body off at the limit instead of buffering it whole", async () => {
    const { req, pulled } = streamed("/api/v1/clusters/embedded/apply?dryRun=All", new Uint8Array(64 * 1024).fill(0x20), 1000);
    const res = await h(apply, "POST")(req, { params: Promise.resolve(params) });
    expect(res.status).toBe(413);
    // 256 KiB limit / 64 KiB chunks: the fifth chunk crosses it; a few more may be buffered by the stream.
    expect(pulled()).toBeLessThan(20);
  });

  it("gives flow ingest its own, larger limit", async () => {
    const line = JSON.stringify(toFlowWire(aFlow({ startTime: T0, endTime: T0 + 15 })));
    const n = Math.ceil((300 * 1024) / (line.length + 1));
    const body = Array.from({ length: n }, (_, i) => JSON.stringify(toFlowWire(aFlow({ startTime: T0, endTime: T0 + 15, source: { ...aFlow().source, port: 1000 + i } })))).join("\n");
    const ok = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { cookie, text: body });
    expect(ok.status).toBe(200);
    const big = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { cookie, text: body + "\n" + body });
    expect(big.status).toBe(413);
  });

  it("caps documents per apply with 413 before validating them all", async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => tier(`t${i}`)).join("---\n");
    const res = await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply?dryRun=All", { cookie, text: many.slice(0, 250 * 1024), params });
    expect(res.status).toBe(413);
    expect((await problem(res)).detail).toContain("more than 50 documents");
  });
});

describe("hostile YAML and JSON", () => {
  const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]", "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]"].join("\n");

  it("answers 400 for a YAML alias bomb on apply (not 500)", async () => {
    const res = await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply?dryRun=All", { cookie, text: bomb, params });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await problem(res))).toContain("alias");
  });

  it("answers 400 for deeply nested JSON on apply and on create", async () => {
    const deep = `{"apiVersion":"projectcalico.org/v3","kind":"Tier","metadata":{"name":"x"},"spec":${"[".repeat(50_000)}${"]".repeat(50_000)}}`;
    const a = await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply?dryRun=All", { cookie, text: deep, params });
    expect(a.status).toBe(400);
    const c = await call(h(collection, "POST"), "POST", "/api/v1/clusters/embedded/tiers?dryRun=All", { cookie, text: deep, params: { ...params, resource: "tiers" } });
    expect(c.status).toBe(400);
  });

  it("answers 400 for deep nesting in a JSON-body route", async () => {
    const res = await raw(h(views, "POST"), "/api/v1/clusters/embedded/graph/views", `{"name":"v","state":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, { "content-type": "application/json" }, params);
    expect(res.status).toBe(400);
  });

  it("answers 400 for a body that is not UTF-8", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode(tier("utf")), 0xff, 0xfe, 0x0a]);
    const res = await raw(h(apply, "POST"), "/api/v1/clusters/embedded/apply?dryRun=All", bytes, { "content-type": "application/yaml" }, params);
    expect(res.status).toBe(400);
    expect((await problem(res)).detail).toContain("UTF-8");
  });

  it("answers 415 for a content type the route does not read", async () => {
    const res = await raw(h(apply, "POST"), "/api/v1/clusters/embedded/apply?dryRun=All", tier("ct"), { "content-type": "multipart/form-data; boundary=x" }, params);
    expect(res.status).toBe(415);
    const j = await raw(h(tokens, "POST"), "/api/v1/tokens", '{"name":"x"}', { "content-type": "text/csv" });
    expect(j.status).toBe(415);
  });

  it("answers 422 naming the field for a NUL character in a resource", async () => {
    const res = await call(h(apply, "POST"), "POST", "/api/v1/clusters/embedded/apply?dryRun=All", {
      cookie,
      params,
      text: JSON.stringify({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "nul", annotations: { a: "x\u0000y" } }, spec: { order: 1 } }),
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await problem(res))).toContain("metadata.annotations.a");
  });
});

describe("hostile flow records", () => {
  const record = (patch: Record<string, unknown>) => JSON.stringify({ ...toFlowWire(aFlow({ startTime: T0, endTime: T0 + 15 })), ...patch });
  const cases: readonly [string, Record<string, unknown>, string][] = [
    ["a NUL byte", { source_name: "web\u0000" }, "source_name"],
    ["an out-of-range start time", { start_time: 1e20, end_time: 1e20 }, "start_time"],
    ["an out-of-range RFC 3339 time", { start_time: "+275760-09-13T00:00:00Z", end_time: "+275760-09-13T00:00:00Z" }, "start_time"],
    ["an oversized string", { dest_name: "x".repeat(100_000) }, "dest_name"],
    ["a flow count beyond the column", { num_flows: 1e12 }, "num_flows"],
    ["a NUL in a label key", { source_labels: { labels: ["app=x\u0000"] } }, "source_labels"],
  ];
  for (const [what, patch, field] of cases) {
    it(`answers 422 naming the record and field for ${what}`, async () => {
      const good = record({});
      const res = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { cookie, text: `${good}\n${record(patch)}` });
      expect(res.status).toBe(422);
      const p = await problem(res);
      expect(p.errors?.[0]).toMatchObject({ line: 2 });
      expect(p.errors?.[0]?.field ?? "").toContain(field);
    });
  }

  it("stores nothing from a rejected batch", async () => {
    const T1 = T0 + 1_000_000;
    const good = JSON.stringify(toFlowWire(aFlow({ startTime: T1, endTime: T1 + 15 })));
    const res = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { cookie, text: `${good}\n${record({ source_name: "a\u0000" })}` });
    expect(res.status).toBe(422);
    const list = await call(h(flows, "GET"), "GET", `/api/v1/clusters/embedded/flows?limit=10&from=${T1 - 10}&to=${T1 + 100}`, { cookie, params });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(0);
  });
});

describe("/k8s limits", () => {
  const k8sCall = (method: string, path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Promise<Response> => {
    const req = new Request(new URL(path, TEST_ORIGIN), { method, headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json", ...headers }, body });
    const segments = path.replace(/^\/k8s\//, "").split("/");
    return h(k8s, method as "POST")(req, { params: Promise.resolve({ path: segments }) });
  };
  const tiersPath = "/k8s/apis/projectcalico.org/v3/tiers";

  it("answers 413 Status for an oversized body", async () => {
    const res = await k8sCall("POST", tiersPath, JSON.stringify({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "big", annotations: { a: "x".repeat(300 * 1024) } } }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ kind: "Status", reason: "RequestEntityTooLarge", code: 413 });
  });

  it("answers 400 Status for an alias bomb and for deep nesting", async () => {
    const bomb = `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: bomb\n  annotations:\n    a: &a [x, x, x, x, x, x, x, x, x, x]\n    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n    d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    const a = await k8sCall("POST", tiersPath, bomb, { "content-type": "application/yaml" });
    expect(a.status).toBe(400);
    const deep = await k8sCall("POST", tiersPath, `{"kind":"Tier","spec":${"[".repeat(10_000)}${"]".repeat(10_000)}}`);
    expect(deep.status).toBe(400);
  });

  it("answers 4xx Status for invalid UTF-8 and for a NUL character", async () => {
    const bad = await k8sCall("POST", tiersPath, new Uint8Array([0x7b, 0xff, 0x7d]));
    expect(bad.status).toBe(400);
    const nul = await k8sCall("POST", tiersPath, JSON.stringify({ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "nul", labels: { a: "\u0000" } } }));
    expect(nul.status).toBe(422);
  });
});
