/**
 * Fuzzing the write endpoints end to end (fast-check, fixed seed) on a throwaway embedded
 * cluster: hostile bodies to Apply (not a dry run), resource create, flow ingest and /k8s
 * never get a 5xx, each answers within the per-input bound, and an answer of 4xx has written
 * nothing (the cluster's resourceVersion and the flow count are unchanged). The apply
 * parser/validator is also driven directly: only its documented errors may escape.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDomainError } from "@/lib/errors";
import { FUZZ_SEED, PER_INPUT_LIMIT_MS, aliasBomb, anyHostile, deepNesting } from "@/lib/testing/hostile";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, TEST_ORIGIN, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
type RouteModule = Partial<Record<"GET" | "POST" | "PUT", Handler>>;
let routes: { apply: RouteModule; create: RouteModule; ingest: RouteModule; k8s: RouteModule };
let cookie = "";
let bearer = "";
let closeDatabase: () => Promise<void>;
let state: () => Promise<string>;

const YAML_FRAGMENTS = ["apiVersion: projectcalico.org/v3\n", "kind: GlobalNetworkPolicy\n", "kind: Tier\n", "kind: List\nitems:\n", "metadata:\n  name: ", "default.x", "\n", "  ", "spec:\n", "  selector: ", "all()", "  order: ", "1e400", "  ingress:\n  - action: Allow\n", "---\n", "- ", "{", "}", "[", "]", '"', "&x ", "*x", ": ", "namespace: ", "kind: Namespace\napiVersion: v1\n", "\u0000"];
const FLOW_FRAGMENTS = ['{"start_time":', "1700000000", '"end_time":', '"action":"allow"', '"reporter":"src"', '"proto":"tcp"', '"source_name":"', '"dest_name":"', '"source_namespace":"-"', '"dest_namespace":"-"', ",", "}", "\n", "[", "]", "1e20", "\\u0000", '"num_flows":', "4294967296"];

const bodies = (fragments: readonly string[]) => fc.oneof({ weight: 6, arbitrary: anyHostile(fragments) }, { weight: 1, arbitrary: deepNesting }, { weight: 1, arbitrary: aliasBomb });

beforeAll(async () => {
  const session: RouteModule = await import("@/app/api/v1/session/route");
  const tokens: RouteModule = await import("@/app/api/v1/tokens/route");
  routes = {
    apply: await import("@/app/api/v1/clusters/[cluster]/apply/route"),
    create: await import("@/app/api/v1/clusters/[cluster]/[resource]/route"),
    ingest: await import("@/app/api/v1/flowlogs/route"),
    k8s: await import("@/app/k8s/[[...path]]/route"),
  };
  const db = await import("@/lib/server/db");
  closeDatabase = db.closeDatabase;
  const sql = await db.getSql();
  state = async () => {
    const rev = await sql.query<{ current: unknown }>(`SELECT current FROM "ClusterRevision" WHERE "clusterId" = 'embedded'`);
    const flows = await sql.query<{ n: unknown }>(`SELECT count(*) AS n FROM "FlowLog"`);
    return `${String(rev.rows[0]?.current)}/${String(flows.rows[0]?.n)}`;
  };
  const res = await call(session.POST as Handler, "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } });
  cookie = cookieFrom(res);
  const issued = await call(tokens.POST as Handler, "POST", "/api/v1/tokens", { cookie, json: { name: "fuzz" } });
  bearer = ((await issued.json()) as { token: string }).token;
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

/** Sends one hostile body; checks no 5xx, the bound, and that a refusal wrote nothing. */
async function probe(send: () => Promise<Response>): Promise<void> {
  const before = await state();
  const started = performance.now();
  const res = await send();
  const ms = performance.now() - started;
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBeLessThan(500);
  expect(ms).toBeLessThan(PER_INPUT_LIMIT_MS);
  if (res.status >= 400) expect(await state()).toBe(before);
}

const asBody = (s: string) => ({ cookie, text: s, params: { cluster: "embedded", resource: "globalnetworkpolicies" } });

describe("write endpoints under hostile bodies", () => {
  it("Apply (not a dry run)", async () => {
    await fc.assert(
      fc.asyncProperty(bodies(YAML_FRAGMENTS), (body) => probe(() => call(routes.apply.POST as Handler, "POST", "/api/v1/clusters/embedded/apply", asBody(body)))),
      { seed: FUZZ_SEED, numRuns: 80 },
    );
  }, 120_000);

  it("resource create", async () => {
    await fc.assert(
      fc.asyncProperty(bodies(YAML_FRAGMENTS), (body) => probe(() => call(routes.create.POST as Handler, "POST", "/api/v1/clusters/embedded/globalnetworkpolicies", asBody(body)))),
      { seed: FUZZ_SEED, numRuns: 60 },
    );
  }, 120_000);

  it("flow ingest", async () => {
    await fc.assert(
      fc.asyncProperty(bodies(FLOW_FRAGMENTS), (body) => probe(() => call(routes.ingest.POST as Handler, "POST", "/api/v1/flowlogs?cluster=embedded", { cookie, text: body }))),
      { seed: FUZZ_SEED, numRuns: 80 },
    );
  }, 120_000);

  it("/k8s create, merge patch and server-side apply, with hostile queries", async () => {
    const query = fc.oneof(fc.constant(""), fc.constant("?fieldManager=fuzz"), anyHostile(["dryRun=All", "&", "=", "fieldManager", "force", "%", "dryRun"]).map((q) => `?${encodeURIComponent(q.replace(/[\ud800-\udfff]/g, "\ufffd")).slice(0, 200)}`));
    const contentTypes: Record<string, string> = { POST: "application/yaml", PATCH: "application/merge-patch+json", APPLY: "application/apply-patch+yaml" };
    await fc.assert(
      fc.asyncProperty(bodies(YAML_FRAGMENTS), query, fc.constantFrom("POST", "PATCH", "APPLY"), (body, q, verb) =>
        probe(() => {
          const method = verb === "APPLY" ? "PATCH" : verb;
          const target = method === "POST" ? "" : "/default.fuzz-target";
          const req = new Request(new URL(`/k8s/apis/projectcalico.org/v3/globalnetworkpolicies${target}${q}`, TEST_ORIGIN), {
            method,
            headers: { authorization: `Bearer ${bearer}`, "content-type": contentTypes[verb] ?? "application/json" },
            body,
          });
          const path = ["apis", "projectcalico.org", "v3", "globalnetworkpolicies", ...(method === "POST" ? [] : ["default.fuzz-target"])];
          const handler = (method === "POST" ? routes.k8s.POST : (routes.k8s as Record<string, Handler>)["PATCH"]) as Handler;
          return handler(req, { params: Promise.resolve({ path }) });
        }),
      ),
      { seed: FUZZ_SEED, numRuns: 60 },
    );
  }, 120_000);
});

describe("the Apply parser and validator under hostile text", () => {
  it("only throws its documented errors, within the bound", async () => {
    const { parseDocuments } = await import("@/lib/server/http/documents");
    await fc.assert(
      fc.asyncProperty(bodies(YAML_FRAGMENTS), async (text) => {
        const started = performance.now();
        try {
          await parseDocuments(text, { maxDocuments: 100 });
        } catch (e) {
          expect(isDomainError(e), String(e)).toBe(true);
        }
        expect(performance.now() - started).toBeLessThan(PER_INPUT_LIMIT_MS);
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });
});
