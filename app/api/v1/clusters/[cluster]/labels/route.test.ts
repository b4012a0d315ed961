/**
 * Labels from the Workloads page against the embedded demo cluster: quarantine a pod (W3.2) and
 * set a namespace's zone (W4.2) change only the labels (IP, status and other labels stay); a
 * stale resourceVersion is 409 and changes nothing; bad keys are 422 naming the key; a pod
 * without namespace 400; unauthenticated 401.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PodObject } from "@/lib/cluster/backend";
import type { LabelPatchResponse } from "@/lib/contracts/labels";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { TEST_ADMIN_PASSWORD, call, cookieFrom, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
let post: Handler;
let closeDatabase: () => Promise<void>;
let getPod: (ns: string, name: string) => Promise<PodObject>;
let cookie = "";
const params = { cluster: "embedded" };
const URL_ = "/api/v1/clusters/embedded/labels";

beforeAll(async () => {
  const session = await import("@/app/api/v1/session/route");
  post = (await import("@/app/api/v1/clusters/[cluster]/labels/route")).POST;
  ({ closeDatabase } = await import("@/lib/server/db"));
  const { getClusterBackend } = await import("@/lib/server/cluster/registry");
  getPod = async (ns, name) => (await getClusterBackend("embedded")).get("Pod", name, ns);
  cookie = cookieFrom(await call(session.POST, "POST", "/api/v1/session", { json: { username: "admin", password: TEST_ADMIN_PASSWORD } }));
}, 120_000);

afterAll(async () => {
  await closeDatabase();
  data.cleanup();
});

describe("labels API", () => {
  it("quarantines a pod without touching its IP, status or other labels", async () => {
    const before = await getPod("dev", "centos");
    const res = await call(post, "POST", URL_, { cookie, params, json: { kind: "Pod", name: "centos", namespace: "dev", set: { quarantine: "true" }, resourceVersion: before.metadata.resourceVersion } });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as LabelPatchResponse;
    expect(body.labels).toEqual({ ...before.metadata.labels, quarantine: "true" });
    const after = await getPod("dev", "centos");
    expect(after.status).toEqual(before.status);
    expect(after.spec).toEqual(before.spec);
    expect(after.metadata.labels).toEqual({ ...before.metadata.labels, quarantine: "true" });
  });

  it("refuses a stale resourceVersion with 409 and changes nothing", async () => {
    const res = await call(post, "POST", URL_, { cookie, params, json: { kind: "Pod", name: "centos", namespace: "dev", remove: ["quarantine"], resourceVersion: "1" } });
    expect(res.status).toBe(409);
    expect((await getPod("dev", "centos")).metadata.labels?.["quarantine"]).toBe("true");
  });

  it("sets and removes a namespace's zone label", async () => {
    const set = await call(post, "POST", URL_, { cookie, params, json: { kind: "Namespace", name: "dev", set: { zone: "trusted" } } });
    expect(set.status, await set.clone().text()).toBe(200);
    expect(((await set.json()) as LabelPatchResponse).labels).toMatchObject({ zone: "trusted", "kubernetes.io/metadata.name": "dev" });
    const removed = await call(post, "POST", URL_, { cookie, params, json: { kind: "Namespace", name: "dev", remove: ["zone"] } });
    expect(((await removed.json()) as LabelPatchResponse).labels["zone"]).toBeUndefined();
  });

  it("answers 422 naming a bad key, 400 for a pod without namespace, 404 for a missing pod, 401 without a session", async () => {
    const bad = await call(post, "POST", URL_, { cookie, params, json: { kind: "Pod", name: "centos", namespace: "dev", set: { "bad key": "x" } } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain("metadata.labels.bad key");
    expect((await call(post, "POST", URL_, { cookie, params, json: { kind: "Pod", name: "centos", set: { a: "b" } } })).status).toBe(400);
    expect((await call(post, "POST", URL_, { cookie, params, json: { kind: "Pod", name: "nope", namespace: "dev", set: { a: "b" } } })).status).toBe(404);
    expect((await call(post, "POST", URL_, { params, json: { kind: "Pod", name: "centos", namespace: "dev", set: { a: "b" } } })).status).toBe(401);
  });
});
