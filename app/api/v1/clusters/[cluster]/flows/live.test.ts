/**
 * The Flows page's server side against a throwaway data folder: substring and multi-value
 * filters, the row count, snapshot pages read by offset (equal to the keyset pages), the
 * snapshot's `latest` row id, the live stream (server-sent events of rows stored after it), and
 * suggestions that put prefix matches first.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlowStreamEventSchema } from "@/lib/contracts/flows";
import { toFlowWire } from "@/lib/flows";
import { aFlow, aWep } from "@/lib/testing/flow-builders";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
type RouteModule = Partial<Record<"GET" | "POST", Handler>>;
let ingest: RouteModule;
let flows: RouteModule;
let count: RouteModule;
let stream: RouteModule;
let suggestions: RouteModule;
let closeDatabase: () => Promise<void>;
let cookie = "";
const params = { cluster: "embedded" };
const h = (m: RouteModule, k: keyof RouteModule): Handler => {
  const fn = m[k];
  if (fn === undefined) throw new Error(`no ${k}`);
  return fn;
};

const T0 = 1_700_100_000;
const RANGE = `from=${T0 - 100}&to=${T0 + 10_000}`;

/** `n` records from namespace `ns`, one per second going back from T0 + offset, to port `port`. */
function records(ns: string, n: number, options: { readonly offset?: number; readonly port?: number; readonly dest?: string } = {}): string {
  return Array.from({ length: n }, (_, i) => {
    const start = T0 + (options.offset ?? 0) - i;
    const f = aFlow({ startTime: start, endTime: start + 1, source: aWep(ns, `loadgen-${i}`, { port: 30000 + i }), dest: aWep(ns, options.dest ?? "web-0", { port: options.port ?? 8080 }) });
    return JSON.stringify(toFlowWire(f));
  }).join("\n");
}

async function send(text: string): Promise<void> {
  const res = await call(h(ingest, "POST"), "POST", "/api/v1/flowlogs?cluster=embedded", { cookie, text });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function get<T>(m: RouteModule, path: string): Promise<T> {
  const res = await call(h(m, "GET"), "GET", path, { cookie, params });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}

interface Page {
  items: { id: string; source: { name: string; namespace: string } }[];
  next?: string;
  latest?: string;
}

beforeAll(async () => {
  const session: RouteModule = await import("@/app/api/v1/session/route");
  ingest = await import("@/app/api/v1/flowlogs/route");
  flows = await import("@/app/api/v1/clusters/[cluster]/flows/route");
  count = await import("@/app/api/v1/clusters/[cluster]/flows/count/route");
  stream = await import("@/app/api/v1/clusters/[cluster]/flows/stream/route");
  suggestions = await import("@/app/api/v1/clusters/[cluster]/flows/suggestions/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  const res = await call(h(session, "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } });
  cookie = cookieFrom(res);
  await send(records("live-alpha", 30));
  await send(records("live-bravo", 20, { port: 9090, dest: "api-0" }));
  await send(records("xx-alpha-shadow", 40));
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

describe("filters and the row count", () => {
  it("counts the rows that match, with exact namespaces, substrings and several values per field", async () => {
    const base = `/api/v1/clusters/embedded/flows/count?${RANGE}`;
    expect(await get(count, `${base}&sourceNamespace=live-alpha`)).toEqual({ count: 30, capped: false });
    expect(await get(count, `${base}&sourceNamespace=live-alpha,live-bravo`)).toEqual({ count: 50, capped: false });
    // What is still being typed matches as a substring: "alpha" is in two namespaces.
    expect(await get(count, `${base}&sourceNamespaceMatch=alpha`)).toEqual({ count: 70, capped: false });
    expect(await get(count, `${base}&namespaceMatch=bRaV`)).toEqual({ count: 20, capped: false });
    expect(await get(count, `${base}&port=9090,8080&sourceNamespace=live-bravo`)).toEqual({ count: 20, capped: false });
    expect(await get(count, `${base}&destName=api,nothing-like-this`)).toEqual({ count: 20, capped: false });
  });

  it("refuses a malformed port list with 400 naming the field", async () => {
    const res = await call(h(count, "GET"), "GET", `/api/v1/clusters/embedded/flows/count?${RANGE}&port=80,http`, { cookie, params });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("port");
  });
});

describe("snapshot pages", () => {
  it("reads the same rows by offset as by keyset cursor, and pins the snapshot with latest", async () => {
    const base = `/api/v1/clusters/embedded/flows?${RANGE}&sourceNamespace=xx-alpha-shadow&limit=15`;
    const first = await get<Page>(flows, base);
    expect(first.latest).toMatch(/^\d+$/);
    const byCursor = await get<Page>(flows, `${base}&maxId=${first.latest}&cursor=${first.next}`);
    const byOffset = await get<Page>(flows, `${base}&maxId=${first.latest}&offset=15`);
    expect(byOffset.items.map((r) => r.id)).toEqual(byCursor.items.map((r) => r.id));
    expect(byOffset.items[0]?.source.name).toBe("loadgen-15");

    // Rows stored later are outside the snapshot: offsets keep their place.
    await send(records("xx-alpha-shadow", 5, { offset: 500 }));
    const again = await get<Page>(flows, `${base}&maxId=${first.latest}&offset=15`);
    expect(again.items.map((r) => r.id)).toEqual(byOffset.items.map((r) => r.id));
    const c = await get<{ count: number }>(count, `/api/v1/clusters/embedded/flows/count?${RANGE}&sourceNamespace=xx-alpha-shadow&maxId=${first.latest}`);
    expect(c.count).toBe(40);
    // A fresh first page sees them.
    const fresh = await get<Page>(flows, base);
    expect(BigInt(fresh.latest ?? "0")).toBeGreaterThan(BigInt(first.latest ?? "0"));
    expect(fresh.items[0]?.source.name).toBe("loadgen-0");
  });

  it("counts the snapshot with the first page when asked (one round trip)", async () => {
    const page = await get<Page & { count?: { count: number; capped: boolean } }>(flows, `/api/v1/clusters/embedded/flows?${RANGE}&sourceNamespace=live-alpha&limit=5&withCount=true`);
    expect(page.items).toHaveLength(5);
    expect(page.count).toEqual({ count: 30, capped: false });
    // Later pages never carry a count.
    const next = await get<Page & { count?: unknown }>(flows, `/api/v1/clusters/embedded/flows?${RANGE}&sourceNamespace=live-alpha&limit=5&withCount=true&maxId=${page.latest}&offset=5`);
    expect(next.count).toBeUndefined();
  });

  it("refuses cursor and offset together", async () => {
    const res = await call(h(flows, "GET"), "GET", `/api/v1/clusters/embedded/flows?${RANGE}&offset=5&cursor=abc`, { cookie, params });
    expect(res.status).toBe(400);
  });
});

describe("deep offsets and counts over rollups", () => {
  // 1,500 records of one namespace, one every 5 s (over two hours: whole hours, minutes and raw
  // edges of the rollups all count), in a range that starts and ends off minute boundaries.
  const ns = "deep-ns";
  const N = 1500;
  const from = T0 - 7_000 + 37;
  const to = T0 + 50;
  const deep = `from=${from}&to=${to}&sourceNamespace=${ns}`;
  const expected = Array.from({ length: N }, (_, i) => T0 - 5 * i).filter((start) => start + 1 > from && start < to).length;

  beforeAll(async () => {
    const lines = Array.from({ length: N }, (_, i) => {
      const start = T0 - 5 * i;
      return JSON.stringify(toFlowWire(aFlow({ startTime: start, endTime: start + 1, source: aWep(ns, `deep-${i}`, { port: 40000 + (i % 20000) }), dest: aWep(ns, "db-0", { port: 5432 }) })));
    });
    await send(lines.join("\n"));
  }, 120_000);

  it("counts from the rollups what counting the records gives, snapshot included", async () => {
    const first = await get<Page & { count?: { count: number } }>(flows, `/api/v1/clusters/embedded/flows?${deep}&limit=10&withCount=true`);
    expect(first.count?.count).toBe(expected);
    // A name filter is not in the rollups: the records themselves are counted, with the same result.
    const raw = await get<{ count: number }>(count, `/api/v1/clusters/embedded/flows/count?${deep}&sourceName=deep-&maxId=${first.latest}`);
    expect(raw.count).toBe(expected);
    // Records stored after the snapshot are not in its count, though the rollups hold them.
    await send(Array.from({ length: 7 }, (_, i) => JSON.stringify(toFlowWire(aFlow({ startTime: T0 - i, endTime: T0 - i + 1, source: aWep(ns, `late-${i}`), dest: aWep(ns, "db-0", { port: 5432 }) })))).join("\n"));
    const pinned = await get<{ count: number }>(count, `/api/v1/clusters/embedded/flows/count?${deep}&maxId=${first.latest}`);
    expect(pinned.count).toBe(expected);
    const now = await get<{ count: number }>(count, `/api/v1/clusters/embedded/flows/count?${deep}`);
    expect(now.count).toBe(expected + 7);
  });

  it("reads a page deep in the snapshot (placed by the rollups, or read from the oldest end) exactly as the keyset walk does", async () => {
    const first = await get<Page>(flows, `/api/v1/clusters/embedded/flows?${deep}&limit=100`);
    const snap = `${deep}&maxId=${first.latest}`;
    const all: string[] = first.items.map((r) => r.id);
    let next = first.next;
    while (next !== undefined) {
      const page = await get<Page>(flows, `/api/v1/clusters/embedded/flows?${snap}&limit=100&cursor=${next}`);
      all.push(...page.items.map((r) => r.id));
      next = page.next;
    }
    const total = all.length;
    expect(total).toBeGreaterThan(1_200);
    const offsets = [1_000, 1_013, 1_100, Math.floor(total / 2) + 1, total - 100, total - 37, total - 1, total];
    const check = async (): Promise<void> => {
      for (const offset of offsets) {
        const page = await get<Page>(flows, `/api/v1/clusters/embedded/flows?${snap}&limit=50&offset=${offset}`);
        expect(page.items.map((r) => r.id), `offset ${offset}`).toEqual(all.slice(offset, offset + 50));
        expect(page.next !== undefined, `next at offset ${offset}`).toBe(offset + 50 < total);
      }
    };
    await check();
    // Rows stored after the snapshot in the middle of the range (the rollups count them) leave
    // the snapshot's pages where they were.
    await send(Array.from({ length: 9 }, (_, i) => JSON.stringify(toFlowWire(aFlow({ startTime: T0 - 5_000 - i, endTime: T0 - 5_000 - i + 1, source: aWep(ns, `later-${i}`), dest: aWep(ns, "db-0", { port: 5432 }) })))).join("\n"));
    await check();
  });
});

/** Reads server-sent events from `body` until `done` says so (or 10 s pass). */
async function readEvents(body: ReadableStream<Uint8Array>, done: (events: { event: string; id?: string; data: string }[]) => boolean): Promise<{ event: string; id?: string; data: string }[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; id?: string; data: string }[] = [];
  let buffer = "";
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !done(events)) {
    const chunk = await Promise.race([reader.read(), sleep(1000, undefined)]);
    if (chunk === undefined) continue;
    if (chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let cut = buffer.indexOf("\n\n");
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const fields = new Map<string, string>();
      for (const line of block.split("\n")) {
        const i = line.indexOf(":");
        if (i > 0) fields.set(line.slice(0, i), line.slice(i + 1).trim());
      }
      if (fields.has("data")) events.push({ event: fields.get("event") ?? "message", id: fields.get("id"), data: fields.get("data") ?? "" });
      cut = buffer.indexOf("\n\n");
    }
  }
  await reader.cancel();
  return events;
}

describe("the live stream", () => {
  it("sends the rows stored after the snapshot that match the filters, with their id as the event id", async () => {
    const first = await get<Page>(flows, `/api/v1/clusters/embedded/flows?${RANGE}&sourceNamespace=live-bravo&limit=5`);
    const abort = new AbortController();
    const res = await h(stream, "GET")(
      new Request(`http://127.0.0.1/api/v1/clusters/embedded/flows/stream?${RANGE.replace(/&to=\d+/, "")}&sourceNamespace=live-bravo&after=${first.latest}`, { headers: { cookie }, signal: abort.signal }),
      { params: Promise.resolve(params) },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    // Stored after the stream opened: one that matches, one that does not.
    await send(records("live-charlie", 1, { offset: 900 }));
    await send(records("live-bravo", 2, { offset: 1000, port: 9090 }));
    const body = res.body;
    if (body === null) throw new Error("no body");
    const events = await readEvents(body, (evs) => evs.some((e) => e.event === "flows"));
    abort.abort();
    const flowsEvent = events.find((e) => e.event === "flows");
    expect(flowsEvent).toBeDefined();
    // The browser parses each event with its contract (lib/hooks/use-flows.ts useFlowStream).
    const payload = FlowStreamEventSchema.parse(JSON.parse(flowsEvent?.data ?? "{}"));
    expect(payload.items.map((r) => r.source.namespace)).toEqual(["live-bravo", "live-bravo"]);
    expect(flowsEvent?.id).toBe(payload.last);
    expect(BigInt(payload.last)).toBeGreaterThan(BigInt(first.latest ?? "0"));
  });

  it("answers 401 without credentials and 404 for an unknown cluster", async () => {
    const anon = await h(stream, "GET")(new Request("http://127.0.0.1/api/v1/clusters/embedded/flows/stream"), { params: Promise.resolve(params) });
    expect(anon.status).toBe(401);
    const missing = await call(h(stream, "GET"), "GET", "/api/v1/clusters/nope/flows/stream", { cookie, params: { cluster: "nope" } });
    expect(missing.status).toBe(404);
  });
});

describe("suggestions", () => {
  it("puts values that start with the typed text before those that only contain it", async () => {
    const r = await get<{ values: string[] }>(suggestions, `/api/v1/clusters/embedded/flows/suggestions?field=sourceNamespace&q=alpha&${RANGE}`);
    // Neither namespace starts with "alpha": the one with more records comes first.
    expect(r.values.slice(0, 2)).toEqual(["xx-alpha-shadow", "live-alpha"]);
    const p = await get<{ values: string[] }>(suggestions, `/api/v1/clusters/embedded/flows/suggestions?field=sourceNamespace&q=live&${RANGE}`);
    expect(p.values[0]?.startsWith("live")).toBe(true);
    const x = await get<{ values: string[] }>(suggestions, `/api/v1/clusters/embedded/flows/suggestions?field=namespace&q=xx&${RANGE}`);
    expect(x.values).toEqual(["xx-alpha-shadow"]);
    const ports = await get<{ values: string[] }>(suggestions, `/api/v1/clusters/embedded/flows/suggestions?field=port&q=90&${RANGE}`);
    expect(ports.values).toEqual(["9090"]);
  });

  it("ranks a prefix match above a more frequent substring match", async () => {
    await send(records("alpha-first", 3));
    const r = await get<{ values: string[] }>(suggestions, `/api/v1/clusters/embedded/flows/suggestions?field=sourceNamespace&q=alpha&${RANGE}`);
    expect(r.values[0]).toBe("alpha-first");
  });
});
