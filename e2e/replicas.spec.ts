import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "@playwright/test";
import { ADMIN_PASSWORD, logIn } from "./fixtures/login";
import { BoardPage } from "./pages/board-page";

// Two console processes on one PostgreSQL behind a round-robin load balancer (issue "Scale ×10",
// "Beyond one machine"). The Playwright web server is replica A; this spec starts replica B on
// the same DATABASE_URL and the same secret key (as the README's two-replica deployment says),
// and a balancer that sends each request to the next replica in turn, with no stickiness. It
// checks that a session made on one replica works on the other, that a browser user works
// through the balancer, that a Kubernetes watch served by B sees a write made through A, that the
// Flows page's live stream served by A sees records stored by B, and that a token revoked on A is
// refused by B at once. Leadership failover (kill -9 of the leader) is lib/server/leader-failover.test.ts.
// Needs a PostgreSQL server: it runs in CI's second Playwright pass (DATABASE_URL set); the
// embedded PGlite cannot be shared by two processes.

const SHARED_DB = process.env.DATABASE_URL;
const A = `http://127.0.0.1:${process.env.E2E_PORT ?? ""}`;

interface Balancer {
  readonly url: string;
  readonly served: number[];
  readonly server: Server;
}

/** A round-robin HTTP balancer over `targets` (streams are piped through as they come). */
async function startBalancer(targets: readonly string[]): Promise<Balancer> {
  const served = targets.map(() => 0);
  let next = 0;
  const server = createServer((req, res) => {
    const i = next++ % targets.length;
    served[i] = (served[i] ?? 0) + 1;
    const target = new URL(req.url ?? "/", targets[i]);
    const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, served, server };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** Logs in on `base` and returns the session cookie ("name=value"). */
async function sessionCookie(base: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }) });
  expect(r.status, await r.clone().text()).toBeLessThan(300);
  const cookie = r.headers.getSetCookie().map((c) => c.split(";")[0] ?? "").find((c) => c.includes("="));
  expect(cookie, "the login answer sets a session cookie").toBeTruthy();
  return cookie as string;
}

/** Reads `stream` until `found(text so far)` or the deadline; returns the text read. */
async function readUntil(stream: ReadableStream<Uint8Array>, found: (text: string) => boolean, timeoutMs: number): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (!found(text)) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const chunk = await Promise.race([reader.read(), sleep(left).then(() => null)]);
      if (chunk === null || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

test.describe.serial("two console processes on one PostgreSQL", () => {
  test.skip(!SHARED_DB, "two processes share a PostgreSQL server (CI's second Playwright pass sets DATABASE_URL); PGlite is one process's");

  let replicaB: ChildProcess | undefined;
  let B = "";
  let balancer: Balancer | undefined;
  const dataDirB = mkdtempSync(path.join(tmpdir(), "palisade-e2e-replica-b-"));

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    // The README's deployment: the same DATABASE_URL and the same secret key, each its own data folder.
    const key = readFileSync(path.join(String(process.env.E2E_DATA_DIR), "secret.key"), "utf8").trim();
    const port = await freePort();
    B = `http://127.0.0.1:${port}`;
    const stderr: string[] = [];
    replicaB = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: SHARED_DB,
        PALISADE_SECRET_KEY: key,
        PALISADE_DATA_DIR: dataDirB,
        PALISADE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        PALISADE_OUTBOUND_ALLOW: "127.0.0.1",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    replicaB.stderr?.on("data", (d: Buffer) => stderr.push(d.toString()));
    const deadline = Date.now() + 120_000;
    for (;;) {
      const ok = await fetch(`${B}/api/v1/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline || replicaB.exitCode !== null) throw new Error(`replica B did not start: ${stderr.join("").slice(-2000)}`);
      await sleep(300);
    }
    balancer = await startBalancer([A, B]);
  });

  test.afterAll(async () => {
    replicaB?.kill("SIGTERM");
    await new Promise((resolve) => balancer?.server.close(resolve) ?? resolve(undefined));
    rmSync(dataDirB, { recursive: true, force: true });
  });

  test("a session made on either replica works on both", async () => {
    for (const [made, other] of [[A, B], [B, A]] as const) {
      const cookie = await sessionCookie(made);
      for (const base of [made, other]) {
        const r = await fetch(`${base}/api/v1/session`, { headers: { cookie } });
        expect(r.status, `session made on ${made} read on ${base}`).toBe(200);
        expect(((await r.json()) as { user: { username: string } }).user.username).toBe("admin");
      }
    }
  });

  test("a browser user works through a round-robin balancer", async ({ browser }) => {
    const b = balancer as Balancer;
    const context = await browser.newContext({ baseURL: b.url });
    const page = await context.newPage();
    const before = [...b.served];
    try {
      await logIn(page, "/board");
      const board = new BoardPage(page);
      await board.open();
      await expect(board.lane("default")).toBeVisible();
      await page.goto("/flows");
      await expect(page.getByRole("heading", { name: "Flows", level: 1 })).toBeVisible();
      await board.open();
      await expect(board.lane("default")).toBeVisible();
    } finally {
      await context.close();
    }
    // Both replicas answered this user's requests, and the user never saw the login page again.
    expect(b.served[0] ?? 0).toBeGreaterThan(before[0] ?? 0);
    expect(b.served[1] ?? 0).toBeGreaterThan(before[1] ?? 0);
  });

  test("a watch on B sees a write made through A; a token revoked on A is refused by B", async () => {
    const cookie = await sessionCookie(A);
    const issued = await fetch(`${A}/api/v1/tokens`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ name: "e2e replicas" }) });
    expect(issued.status, await issued.clone().text()).toBe(201);
    const { token, id } = (await issued.json()) as { token: string; id: string };
    const bearer = { authorization: `Bearer ${token}` };
    const kind = "/k8s/apis/projectcalico.org/v3/globalnetworkpolicies";

    const list = await fetch(`${B}${kind}`, { headers: bearer });
    expect(list.status, await list.clone().text()).toBe(200);
    const rv = ((await list.json()) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const watch = await fetch(`${B}${kind}?watch=true&resourceVersion=${rv}`, { headers: bearer });
    expect(watch.status).toBe(200);

    const name = `default.replica-${Date.now()}`;
    const yaml = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  tier: default\n  order: 999\n  selector: app == "replica-test"\n  types: [Ingress]\n`;
    const applied = await fetch(`${A}/api/v1/clusters/embedded/apply`, { method: "POST", headers: { cookie, "content-type": "application/yaml" }, body: yaml });
    expect(applied.status, await applied.clone().text()).toBeLessThan(300);
    const seen = await readUntil(watch.body as ReadableStream<Uint8Array>, (t) => t.includes(`"name":"${name}"`), 10_000);
    expect(seen, "B's watch delivers the object applied through A").toContain(`"type":"ADDED"`);
    expect(seen).toContain(`"name":"${name}"`);

    // Revoked on A: refused on B on the very next request (no per-process token cache).
    expect((await fetch(`${A}/api/v1/tokens/${id}`, { method: "DELETE", headers: { cookie } })).status).toBe(204);
    expect((await fetch(`${B}${kind}`, { headers: bearer })).status).toBe(401);

    expect((await fetch(`${B}/api/v1/clusters/embedded/globalnetworkpolicies/${name}`, { method: "DELETE", headers: { cookie } })).status).toBeLessThan(300);
  });

  test("the live flows stream served by A shows records stored by B", async () => {
    const cookie = await sessionCookie(B);
    const stream = await fetch(`${A}/api/v1/clusters/embedded/flows/stream`, { headers: { cookie, accept: "text/event-stream" } });
    expect(stream.status).toBe(200); // (its body never ends: not read for the message)
    await sleep(1100); // simulator intervals are named by their end second
    const ran = await fetch(`${B}/api/v1/clusters/embedded/simulator`, { method: "POST", headers: { cookie } });
    expect(ran.status, await ran.clone().text()).toBe(200);
    expect(((await ran.json()) as { accepted: number }).accepted).toBeGreaterThan(0);
    const seen = await readUntil(stream.body as ReadableStream<Uint8Array>, (t) => t.includes("event: flows"), 5_000);
    expect(seen).toContain("event: flows");
  });

  test("a scheduled alert fires once per period, not once per replica", async () => {
    // Both replicas run the alert scheduler every 5 s; only the holder of the "palisade:alerts"
    // leadership evaluates. A 1m alert that matches the simulator's allowed flows must have
    // exactly one evaluation's event after several scheduler wake-ups of both processes.
    test.setTimeout(90_000);
    const cookie = await sessionCookie(A);
    const name = `replica-allowed-${Date.now()}`;
    const yaml = `apiVersion: projectcalico.org/v3\nkind: GlobalAlert\nmetadata:\n  name: ${name}\nspec:\n  description: Allowed flows seen\n  summary: allowed flows seen\n  severity: 50\n  dataSet: flows\n  period: 1m\n  lookback: 5m\n  query: action = "allow"\n  metric: count\n  condition: gt\n  threshold: 0\n`;
    await sleep(1100);
    expect((await fetch(`${B}/api/v1/clusters/embedded/simulator`, { method: "POST", headers: { cookie } })).status).toBe(200);
    const applied = await fetch(`${B}/api/v1/clusters/embedded/apply`, { method: "POST", headers: { cookie, "content-type": "application/yaml" }, body: yaml });
    expect(applied.status, await applied.clone().text()).toBeLessThan(300);
    const events = async (): Promise<number> => {
      const r = await fetch(`${A}/api/v1/clusters/embedded/alerts/events?alert=${name}`, { headers: { cookie } });
      expect(r.status).toBe(200);
      return ((await r.json()) as { items: unknown[] }).items.length;
    };
    await expect.poll(events, { timeout: 30_000, intervals: [500] }).toBeGreaterThan(0);
    await sleep(12_000); // two more wake-ups of each replica's scheduler, well within the 1m period
    expect(await events()).toBe(1);
    expect((await fetch(`${A}/api/v1/clusters/embedded/globalalerts/${name}`, { method: "DELETE", headers: { cookie } })).status).toBeLessThan(300);
  });
});
