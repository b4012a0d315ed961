/** The IP pools overview against the embedded demo cluster: the workshop's pools (W4.1) with who uses them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IpPoolsOverview } from "@/lib/contracts/ip-pools";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
let get: Handler;
let closeDatabase: () => Promise<void>;
let cookie = "";
const params = { cluster: "embedded" };

beforeAll(async () => {
  const session = await import("@/app/api/v1/session/route");
  get = (await import("@/app/api/v1/clusters/[cluster]/ip-pools/route")).GET;
  ({ closeDatabase } = await import("@/lib/server/db"));
  cookie = cookieFrom(await call(session.POST, "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } }));
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

describe("IP pools API", () => {
  it("lists the workshop's pools with the namespaces and workloads that use them", async () => {
    const res = await call(get, "GET", "/api/v1/clusters/embedded/ip-pools", { cookie, params });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as IpPoolsOverview;
    expect(body.items.map((p) => p.name)).toEqual(["default-ipv4-ippool", "dmz-pool", "staging"]);
    const dmz = body.items.find((p) => p.name === "dmz-pool");
    expect(dmz).toMatchObject({ cidr: "10.0.2.0/24", namespaces: ["dmz"], used: 1, size: 256 });
    expect(dmz?.workloads.map((w) => `${w.namespace}/${w.name}`)).toEqual([expect.stringMatching(/^dmz\/web-/)]);
    expect(body.items.find((p) => p.name === "staging")).toMatchObject({ cidr: "10.0.1.0/24", ipipMode: "Always", natOutgoing: true, used: 0, namespaces: [] });
    expect(body.items[0]?.used).toBeGreaterThan(20);
  });
  it("answers 401 without a session", async () => {
    expect((await call(get, "GET", "/api/v1/clusters/embedded/ip-pools", { params })).status).toBe(401);
  });
});
