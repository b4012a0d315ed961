/**
 * The browser parses these answers with their zod contracts (lib/hooks/fetcher.ts `schema`), so
 * a handler whose body drifts from its contract would break the page that reads it. Each route
 * here is called as Next would call it, on a throwaway data folder, and its body must parse with
 * the schema the hook passes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { ApplyResultSchema } from "@/lib/contracts/apply";
import { ClusterListSchema, ClusterSummarySchema } from "@/lib/contracts/clusters";
import { ClusterHealthSchema } from "@/lib/contracts/kube-clusters";
import { WireObjectSchema } from "@/lib/contracts/objects";
import { SessionInfoSchema } from "@/lib/contracts/session";
import { AuthEventPageSchema, IssuedTokenSchema, OidcSettingsViewSchema, TokenListSchema, UserListSchema, UserViewSchema } from "@/lib/contracts/users";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();

type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;
const mods: Record<string, RouteModule> = {};
let closeDatabase: () => Promise<void>;
let cookie = "";
const params = { cluster: "embedded" };

function h(name: string, method: keyof RouteModule): Handler {
  const fn = mods[name]?.[method];
  if (fn === undefined) throw new Error(`no ${method} export in ${name}`);
  return fn;
}

/** The body of a 2xx answer parsed by `schema`; fails naming the first field at fault. */
async function parsed<S extends z.ZodType>(res: Response, schema: S): Promise<z.output<S>> {
  const text = await res.text();
  expect(res.status, text).toBeLessThan(300);
  const result = schema.safeParse(JSON.parse(text));
  if (!result.success) {
    const issue = result.error.issues[0];
    expect.fail(`${issue?.path.join(".") ?? "(body)"}: ${issue?.message ?? ""} in ${text.slice(0, 300)}`);
  }
  return result.data;
}

beforeAll(async () => {
  mods.session = await import("@/app/api/v1/session/route");
  mods.clusters = await import("@/app/api/v1/clusters/route");
  mods.health = await import("@/app/api/v1/clusters/[cluster]/health/route");
  mods.apply = await import("@/app/api/v1/clusters/[cluster]/apply/route");
  mods.object = await import("@/app/api/v1/clusters/[cluster]/[resource]/[name]/route");
  mods.users = await import("@/app/api/v1/users/route");
  mods.user = await import("@/app/api/v1/users/[username]/route");
  mods.tokens = await import("@/app/api/v1/tokens/route");
  mods.authEvents = await import("@/app/api/v1/auth-events/route");
  mods.oidc = await import("@/app/api/v1/settings/oidc/route");
  ({ closeDatabase } = await import("@/lib/server/db"));
  const login = await call(h("session", "POST"), "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } });
  await parsed(login.clone(), SessionInfoSchema);
  cookie = cookieFrom(login);
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

describe("answers match the contracts the browser parses them with", () => {
  it("session", async () => {
    const me = await parsed(await call(h("session", "GET"), "GET", "/api/v1/session", { cookie }), SessionInfoSchema);
    expect(me.user.username).toBe("admin");
  });

  it("clusters, a new cluster, cluster health", async () => {
    const list = await parsed(await call(h("clusters", "GET"), "GET", "/api/v1/clusters", { cookie }), ClusterListSchema);
    expect(list.items.map((c) => c.id)).toContain("embedded");
    const added = await parsed(await call(h("clusters", "POST"), "POST", "/api/v1/clusters", { cookie, json: { name: "Contract check" } }), ClusterSummarySchema);
    expect(added.kind).toBe("embedded");
    await parsed(await call(h("health", "GET"), "GET", "/api/v1/clusters/embedded/health", { cookie, params }), ClusterHealthSchema);
  }, 60_000);

  it("apply (dry run) and one object", async () => {
    const yaml = "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: contracts\nspec:\n  order: 321\n";
    const applied = await parsed(await call(h("apply", "POST"), "POST", "/api/v1/clusters/embedded/apply?dryRun=All", { cookie, params, text: yaml }), ApplyResultSchema);
    expect(applied.dryRun).toBe(true);
    const tier = await parsed(await call(h("object", "GET"), "GET", "/api/v1/clusters/embedded/tiers/default", { cookie, params: { ...params, resource: "tiers", name: "default" } }), WireObjectSchema);
    expect(tier.kind).toBe("Tier");
  });

  it("users, tokens, auth events, OIDC settings", async () => {
    const created = await parsed(await call(h("users", "POST"), "POST", "/api/v1/users", { cookie, json: { username: "carol", password: "a-long-enough-password", role: "viewer" } }), UserViewSchema);
    expect(created.username).toBe("carol");
    await parsed(await call(h("user", "PATCH"), "PATCH", "/api/v1/users/carol", { cookie, params: { username: "carol" }, json: { role: "editor" } }), UserViewSchema);
    expect((await parsed(await call(h("users", "GET"), "GET", "/api/v1/users", { cookie }), UserListSchema)).items.length).toBeGreaterThanOrEqual(2);
    const issued = await parsed(await call(h("tokens", "POST"), "POST", "/api/v1/tokens", { cookie, json: { name: "contract" } }), IssuedTokenSchema);
    expect(issued.token.length).toBeGreaterThan(20);
    expect((await parsed(await call(h("tokens", "GET"), "GET", "/api/v1/tokens", { cookie }), TokenListSchema)).items.map((t) => t.name)).toContain("contract");
    expect((await parsed(await call(h("authEvents", "GET"), "GET", "/api/v1/auth-events?limit=50", { cookie }), AuthEventPageSchema)).items.length).toBeGreaterThan(0);
    const mapping = { mappings: [{ group: "ops", role: "editor" }] };
    expect((await parsed(await call(h("oidc", "PUT"), "PUT", "/api/v1/settings/oidc", { cookie, json: mapping }), OidcSettingsViewSchema)).mappings).toHaveLength(1);
    await parsed(await call(h("oidc", "GET"), "GET", "/api/v1/settings/oidc", { cookie }), OidcSettingsViewSchema);
  });
});
