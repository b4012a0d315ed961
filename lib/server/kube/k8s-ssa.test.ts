/**
 * Server-side apply and managedFields through the /k8s entry point, raw (no kubectl): the 409
 * Status body of a conflict, PatchOptions validation, dry run, status never owned, Update
 * entries of merge patches (User-Agent) and of the console's own writes (`palisade`), and
 * managedFields kept in the database across a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ORIGIN, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";

const data = useThrowawayDataDir();
let token = "";

interface Sent {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Sent> {
  const { serveK8sApi } = await import("@/lib/server/kube/k8s-api");
  const url = new URL(`/k8s/${path}`, TEST_ORIGIN);
  const req = new Request(url, { method, headers: { authorization: `Bearer ${token}`, "user-agent": "raw-test/1.0", ...headers }, ...(body !== undefined ? { body } : {}) });
  const segments = url.pathname.split("/").filter((s) => s !== "").slice(1);
  const res = await serveK8sApi(req, segments);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function apply(path: string, yaml: string, query: string): Promise<Sent> {
  return send("PATCH", `${path}?${query}`, yaml, { "content-type": "application/apply-patch+yaml" });
}

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: string;
  fieldsV1: Record<string, unknown>;
}

function managedFields(obj: Record<string, unknown>): Entry[] {
  return ((obj["metadata"] as { managedFields?: Entry[] }).managedFields ?? []);
}

const TIER = "apis/projectcalico.org/v3/tiers/raw";
const TIER_YAML = "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: raw\nspec:\n  order: 500\n";

beforeAll(async () => {
  const { issueAdminToken } = await import("@/lib/server/kube/testing/k8s-test-server");
  token = await issueAdminToken("ssa");
});

afterAll(async () => {
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
});

describe("server-side apply on /k8s", () => {
  it("requires fieldManager (422 PatchOptions, as ValidatePatchOptions) and refuses force on other patch types", async () => {
    const missing = await apply(TIER, TIER_YAML, "");
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({
      kind: "Status",
      reason: "Invalid",
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: { group: "meta.k8s.io", kind: "PatchOptions", causes: [{ reason: "FieldValueRequired", field: "fieldManager" }] },
    });
    const badForce = await apply(TIER, TIER_YAML, "fieldManager=a&force=maybe");
    expect(badForce.status).toBe(400);
    expect(badForce.body["message"]).toBe('force: strconv.ParseBool: parsing "maybe": invalid syntax');
    const forcedMerge = await send("PATCH", "apis/projectcalico.org/v3/tiers/default?force=true", '{"spec":{}}', { "content-type": "application/merge-patch+json" });
    expect(forcedMerge.status).toBe(422);
    expect(forcedMerge.body["message"]).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });

  it("dry-run creates nothing; a real apply creates (201) with an Apply entry", async () => {
    const dry = await apply(TIER, TIER_YAML, "fieldManager=ci&dryRun=All");
    expect(dry.status).toBe(201);
    expect(managedFields(dry.body).map((e) => e.manager)).toEqual(["ci"]);
    expect((await send("GET", TIER)).status).toBe(404);
    const created = await apply(TIER, TIER_YAML, "fieldManager=ci");
    expect(created.status).toBe(201);
    const [entry] = managedFields(created.body);
    expect(entry).toMatchObject({ manager: "ci", operation: "Apply", apiVersion: "projectcalico.org/v3", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:order": {} } } });
    expect(entry?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("answers a conflict 409 with FieldManagerConflict causes and writes nothing", async () => {
    const before = await send("GET", TIER);
    const r = await apply(TIER, TIER_YAML.replace("500", "501"), "fieldManager=other&force=false");
    expect(r.status).toBe(409);
    expect(r.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'Apply failed with 1 conflict: conflict with "ci": .spec.order',
      reason: "Conflict",
      details: { causes: [{ reason: "FieldManagerConflict", message: 'conflict with "ci"', field: ".spec.order" }] },
      code: 409,
    });
    expect(await send("GET", TIER)).toEqual(before);
  });

  it("a merge patch records an Update entry named after the User-Agent and takes the field from the applier", async () => {
    const r = await send("PATCH", TIER, '{"spec":{"order":510}}', { "content-type": "application/merge-patch+json", "user-agent": "kubectl-patch/v1.32.4 (linux/amd64) kubernetes/abc" });
    expect(r.status).toBe(200);
    expect(managedFields(r.body).map((e) => [e.manager, e.operation, e.fieldsV1])).toEqual([["kubectl-patch", "Update", { "f:spec": { "f:order": {} } }]]);
    // The applier no longer owns spec.order: re-applying its old value now conflicts with the patcher.
    const again = await apply(TIER, TIER_YAML, "fieldManager=ci");
    expect(again.status).toBe(409);
    expect(again.body["message"]).toBe('Apply failed with 1 conflict: conflict with "kubectl-patch" using projectcalico.org/v3: .spec.order');
  });

  it("never owns or changes a Pod's status; the console's own writes record `palisade`", async () => {
    const pod = "api/v1/namespaces/default/pods/frontend-7d8f9c6b5-x2k4p";
    const before = await send("GET", pod);
    const r = await apply(pod, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: frontend-7d8f9c6b5-x2k4p\n  labels:\n    owner: ssa\nstatus:\n  podIP: 1.2.3.4\n", "fieldManager=labeller");
    expect(r.status).toBe(200);
    expect(r.body["status"]).toEqual(before.body["status"]);
    const mine = managedFields(r.body).find((e) => e.manager === "labeller");
    expect(mine?.fieldsV1).toEqual({ "f:metadata": { "f:labels": { "f:owner": {} } } });
    expect(JSON.stringify(managedFields(r.body))).not.toContain("f:status");

    const { getClusterBackend } = await import("@/lib/server/cluster/registry");
    const backend = await getClusterBackend("embedded");
    const tier = await backend.get("Tier", "raw");
    await backend.update({ ...tier, spec: { ...tier.spec, order: 520 } }, { actor: "admin" });
    const got = await send("GET", TIER);
    // palisade took spec.order from kubectl-patch, whose entry is left empty and dropped.
    expect(managedFields(got.body).map((e) => [e.manager, e.operation, e.fieldsV1])).toEqual([["palisade", "Update", { "f:spec": { "f:order": {} } }]]);
  });

  it("owns NetworkPolicy lists and podSelector atomically; crd.projectcalico.org/v1 appliers are recorded with their version", async () => {
    const np = "apis/networking.k8s.io/v1/namespaces/default/networkpolicies/ssa-np";
    const yaml = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ssa-np\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - podSelector: {}\n";
    const r = await apply(np, yaml, "fieldManager=gitops");
    expect(r.status).toBe(201);
    expect(managedFields(r.body)[0]?.fieldsV1).toEqual({ "f:spec": { "f:ingress": {}, "f:podSelector": {}, "f:policyTypes": {} } });

    const v1 = "apis/crd.projectcalico.org/v1/globalnetworksets/ssa-set";
    const set = await apply(v1, "apiVersion: crd.projectcalico.org/v1\nkind: GlobalNetworkSet\nmetadata:\n  name: ssa-set\nspec:\n  nets: [10.0.0.0/8]\n", "fieldManager=legacy");
    expect(set.status).toBe(201);
    expect(set.body["apiVersion"]).toBe("crd.projectcalico.org/v1");
    expect(managedFields(set.body)).toEqual([expect.objectContaining({ manager: "legacy", apiVersion: "crd.projectcalico.org/v1", fieldsV1: { "f:spec": { "f:nets": {} } } })]);
    const v3 = await apply("apis/projectcalico.org/v3/globalnetworksets/ssa-set", "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: ssa-set\nspec:\n  nets: [192.168.0.0/16]\n", "fieldManager=new");
    expect(v3.status).toBe(409);
    expect(v3.body["message"]).toBe('Apply failed with 1 conflict: conflict with "legacy": .spec.nets');
  });

  it("keeps managedFields in the database across a restart", async () => {
    const before = managedFields((await send("GET", TIER)).body);
    expect(before.length).toBeGreaterThan(0);
    const { closeDatabase } = await import("@/lib/server/db");
    await closeDatabase();
    const after = managedFields((await send("GET", TIER)).body);
    expect(after).toEqual(before);
  });
});
