/**
 * The flow endpoints against the embedded demo cluster on a throwaway data folder: shipper
 * ingestion (422 with line/field errors and nothing stored; partial acceptance; retried batches
 * add nothing), the simulator's run-now, the paged list with filters and export, and the graph.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toFlowWire } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
type RouteModule = Partial<Record<"GET" | "POST" | "PUT", Handler>>;
let ingest: RouteModule;
let flows: RouteModule;
let graph: RouteModule;
let simulator: RouteModule;
let suggestions: RouteModule;
let closeDatabase: () => Promise<void>;
let cookie = "";

const h = (m: RouteModule, k: keyof RouteModule): Handler => {
  const fn = m[k];
  if (fn === undefined) throw new Error(`no ${k}`);
  return fn;
};
const params = { cluster: "embedded" };

beforeAll(async () => {
  const session: RouteModule = await import("@/app/api/v1/session/route");
  ingest = await import("@/app/api/v1/flowlogs/route");
  flows = await import("@/app/api/v1/clusters/[cluster]/flows/route");
  graph = await import("@/app/api/v1/clusters/[cluster]/graph/route");
  simulator = await import("@/app/api/v1/clusters/[cluster]/simulator/route");
  suggestions = await import("@/app/api/v1/clusters/[cluster]/flows/suggestions/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  const res = await call(h(session, "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } });
  cookie = cookieFrom(res);
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

const T0 = 1_700_000_000;
const lines = (n: number, start = T0): string =>
  Array.from({ length: n }, (_, i) => JSON.stringify(toFlowWire(aFlow({ startTime: start, endTime: start + 15, source: { ...aFlow().source, port: 41000 + i } })))).join("\n");

async function countFlows(from = T0 - 10, to = T0 + 10_000): Promise<number> {
  const res = await call(h(flows, "GET"), "GET", `/api/v1/clusters/embedded/flows?limit=1000&from=${from}&to=${to}`, { cookie, params });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

describe("POST /api/v1/flowlogs", () => {
  it("refuses an unauthenticated shipper", async () => {
    const res = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { text: lines(1) });
    expect(res.status).toBe(401);
  });

  it("stores JSON lines and acknowledges after commit; a retry adds nothing", async () => {
    const body = lines(20);
    const first = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { cookie, text: body });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 20, duplicates: 0, rejected: 0 });
    const retry = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { cookie, text: body });
    expect(await retry.json()).toEqual({ accepted: 0, duplicates: 20, rejected: 0 });
    expect(await countFlows()).toBe(20);
  });

  it("accepts a JSON array", async () => {
    const arr = `[${lines(3, T0 + 100).split("\n").join(",")}]`;
    const res = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { cookie, text: arr });
    expect(await res.json()).toEqual({ accepted: 3, duplicates: 0, rejected: 0 });
  });

  it("answers 422 with line and field errors and stores nothing when a record is bad", async () => {
    const good = lines(2, T0 + 200).split("\n");
    const bad = JSON.stringify({ ...toFlowWire(aFlow({ startTime: T0 + 200, endTime: T0 + 215 })), action: "maybe" });
    const res = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { cookie, text: [good[0], bad, good[1]].join("\n") });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { line: number; field: string; message: string }[] };
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors[0]).toMatchObject({ line: 2, field: "action" });
    expect(await countFlows(T0 + 199, T0 + 300)).toBe(0);
  });

  it("with partial=true stores the good records and reports the bad ones", async () => {
    const good = lines(2, T0 + 400).split("\n");
    const res = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=embedded&partial=true", { cookie, text: [good[0], "{not json", good[1]].join("\n") });
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { accepted: number; rejected: number; errors: { line: number }[] };
    expect(reply).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1 });
    expect(reply.errors[0]?.line).toBe(2);
  });

  it("answers 404 for an unknown cluster", async () => {
    const res = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=nope", { cookie, text: lines(1) });
    expect(res.status).toBe(404);
  });
});

describe("flows list, export, suggestions", () => {
  it("pages newest first with a cursor and no overlap", async () => {
    const page1 = await call(h(flows, "GET"), "GET", `/api/v1/clusters/embedded/flows?limit=10&from=${T0 - 10}&to=${T0 + 60}`, { cookie, params });
    const p1 = (await page1.json()) as { items: { id: string }[]; next?: string };
    expect(p1.items).toHaveLength(10);
    expect(p1.next).toBeDefined();
    const page2 = await call(h(flows, "GET"), "GET", `/api/v1/clusters/embedded/flows?limit=10&from=${T0 - 10}&to=${T0 + 60}&cursor=${p1.next}`, { cookie, params });
    const p2 = (await page2.json()) as { items: { id: string }[]; next?: string };
    expect(p2.items).toHaveLength(10);
    expect(p2.next).toBeUndefined();
    expect(new Set([...p1.items, ...p2.items].map((i) => i.id)).size).toBe(20);
  });

  it("exports the filtered rows as CSV", async () => {
    const res = await call(h(flows, "GET"), "GET", `/api/v1/clusters/embedded/flows?format=csv&from=${T0 - 10}&to=${T0 + 60}`, { cookie, params });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect((await res.text()).trim().split("\r\n")).toHaveLength(21);
  });

  it("refuses a malformed cursor with 400", async () => {
    const res = await call(h(flows, "GET"), "GET", "/api/v1/clusters/embedded/flows?cursor=zzz", { cookie, params });
    expect(res.status).toBe(400);
  });

  it("suggests namespaces seen in flows", async () => {
    const res = await call(h(suggestions, "GET"), "GET", "/api/v1/clusters/embedded/flows/suggestions?field=namespace&q=def", { cookie, params });
    expect(((await res.json()) as { values: string[] }).values).toContain("default");
  });
});

describe("simulator and graph", () => {
  it("runs one interval now and stores Online Boutique's traffic, all allowed with no policies", async () => {
    const res = await call(h(simulator, "POST"), "POST", "/api/v1/clusters/embedded/simulator", { cookie, params });
    expect(res.status).toBe(200);
    const run = (await res.json()) as { start: number; end: number; accepted: number; flows: number };
    expect(run.end - run.start).toBe(15);
    expect(run.accepted).toBeGreaterThan(0);
    const g = await call(h(graph, "GET"), "GET", `/api/v1/clusters/embedded/graph?from=${run.end - 1}&to=${run.end + 1}&expand=default`, { cookie, params });
    const body = (await g.json()) as { edges: { source: string; target: string; stats: { denied: number; stagedDenied: number } }[] };
    const edge = body.edges.find((e) => e.source.startsWith("wl:default/frontend-") && e.target === "svc:default/cartservice");
    expect(edge, JSON.stringify(body.edges.map((e) => e.source + "->" + e.target))).toBeDefined();
    expect(body.edges.every((e) => e.stats.denied === 0 && e.stats.stagedDenied === 0)).toBe(true);
  }, 60_000);

  it("pauses and resumes", async () => {
    const put = await call(h(simulator, "PUT"), "PUT", "/api/v1/clusters/embedded/simulator", { cookie, params, json: { paused: true } });
    expect(await put.json()).toMatchObject({ paused: true, intervalSeconds: 15 });
    const get = await call(h(simulator, "GET"), "GET", "/api/v1/clusters/embedded/simulator", { cookie, params });
    expect(await get.json()).toMatchObject({ paused: true });
  });
});
