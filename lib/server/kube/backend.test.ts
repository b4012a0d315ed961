/**
 * KubernetesBackend against Palisade's own /k8s API (over TLS, on a throwaway embedded cluster):
 * discovery, CRUD with dry runs, 409 on a stale version, paging, watch and resume, 410 after a
 * compaction (and listAndWatch relisting), read-only when only the v1 CRDs are served; updates
 * as server-side applies by palisade (own fields taken over, other managers' conflicts named,
 * removals of their fields as PUTs, multi-document applies stopped, the fall-back to PUT).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterObject } from "@/lib/cluster/backend";
import type { Tier } from "@/lib/calico/types";
import { ConflictError, ForbiddenError, GoneError, NotFoundError, ValidationError } from "@/lib/errors";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { KubernetesBackend } from "@/lib/server/kube/backend";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";

const data = useThrowawayDataDir();
let server: K8sTestServer;
let token = "";
let backend: KubernetesBackend;

const tier = (name: string, order: number, rv?: string): Tier => ({ kind: "Tier", metadata: { name, ...(rv ? { resourceVersion: rv } : {}) }, spec: { order } });

async function connect(servedGroupVersions?: readonly string[]): Promise<KubernetesBackend> {
  const { KubernetesBackend } = await import("@/lib/server/kube/backend");
  const { loadKubeConfig, parseKubeConnection } = await import("@/lib/server/kube/kube-config");
  const { KubeTransport } = await import("@/lib/server/kube/kube-transport");
  const { kc, server: url } = loadKubeConfig(parseKubeConnection({ source: "token", server: server.url, token, caPem: server.caPem }));
  return KubernetesBackend.connect("real", new KubeTransport(kc, url, { sleep: async () => undefined }), servedGroupVersions ? { servedGroupVersions } : {});
}

async function take<T>(it: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done === true) break;
    out.push(r.value);
  }
  return out;
}

beforeAll(async () => {
  const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
  const routes = await import("@/app/k8s/[[...path]]/route");
  token = await issueAdminToken("backend");
  const tls = makeSelfSignedCert();
  if (tls === undefined) throw new Error("openssl is needed for the TLS test server");
  server = await startK8sTestServer(routes, tls);
  backend = await connect();
});

afterAll(async () => {
  await server?.close();
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
});

describe("KubernetesBackend against /k8s", () => {
  it("changes only labels with a merge patch, and a stale resourceVersion is a conflict", async () => {
    const before = await backend.get("Pod", "centos", "dev");
    const after = await backend.patchLabels("Pod", "centos", "dev", { set: { quarantine: "true" }, remove: [] }, { actor: "t", resourceVersion: before.metadata.resourceVersion ?? "" });
    expect(after.metadata.labels).toEqual({ ...before.metadata.labels, quarantine: "true" });
    expect(after.status?.podIP).toBe(before.status?.podIP);
    await expect(backend.patchLabels("Pod", "centos", "dev", { set: {}, remove: ["quarantine"] }, { actor: "t", resourceVersion: before.metadata.resourceVersion ?? "" })).rejects.toBeInstanceOf(ConflictError);
    const undone = await backend.patchLabels("Pod", "centos", "dev", { set: {}, remove: ["quarantine"] }, { actor: "t" });
    expect(undone.metadata.labels).toEqual(before.metadata.labels);
  });

  it("discovers projectcalico.org/v3 and is writable", () => {
    expect(backend.readOnly).toBe(false);
    expect(backend.resourceFor("Tier").group).toBe("projectcalico.org");
  });

  it("creates, reads, updates and deletes, with dry runs that write nothing", async () => {
    const dry = await backend.create(tier("dry", 10), { actor: "t", dryRun: true });
    expect(dry.metadata.name).toBe("dry");
    await expect(backend.get("Tier", "dry")).rejects.toBeInstanceOf(NotFoundError);

    const created = await backend.create(tier("alpha", 10), { actor: "t" });
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    const updated = await backend.update(tier("alpha", 20, created.metadata.resourceVersion), { actor: "t" });
    expect(updated.spec.order).toBe(20);

    const stale = backend.update(tier("alpha", 30, created.metadata.resourceVersion), { actor: "t" });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    const conflict = await stale.catch((e: unknown) => e);
    expect((conflict as ConflictError).current).toMatchObject({ kind: "Tier", spec: { order: 20 } });

    const dryDelete = await backend.delete("Tier", "alpha", undefined, { actor: "t", dryRun: true });
    expect(dryDelete.metadata.name).toBe("alpha");
    expect((await backend.get("Tier", "alpha")).spec.order).toBe(20);
    await backend.delete("Tier", "alpha", undefined, { actor: "t" });
    await expect(backend.get("Tier", "alpha")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("validates locally and maps the server's Invalid causes to field paths", async () => {
    const bad = { kind: "GlobalNetworkPolicy", metadata: { name: "x" }, spec: { selector: "app ==" } } as unknown as ClusterObject; // deliberately invalid
    await expect(backend.create(bad, { actor: "t" })).rejects.toBeInstanceOf(ValidationError);
    const noTier: ClusterObject = { kind: "GlobalNetworkPolicy", metadata: { name: "nowhere.p" }, spec: { tier: "nowhere", selector: "all()" } };
    const e = await backend.create(noTier, { actor: "t" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).errors.map((f) => f.path)).toContain("spec.tier");
  });

  it("pages a list with limit and continue", async () => {
    for (const n of ["p1", "p2", "p3"]) await backend.create(tier(n, 50), { actor: "t" });
    const all = await backend.list("Tier");
    const names: string[] = [];
    let page = await backend.list("Tier", { limit: 2 });
    names.push(...page.items.map((t) => t.metadata.name));
    expect(page.items).toHaveLength(2);
    while (page.continue !== undefined) {
      page = await backend.list("Tier", { limit: 2, continue: page.continue });
      names.push(...page.items.map((t) => t.metadata.name));
    }
    expect(names).toEqual(all.items.map((t) => t.metadata.name));
    expect(names).toEqual(expect.arrayContaining(["p1", "p2", "p3"]));
  });

  it("watches from a list's version and resumes from an event's version", async () => {
    const { resourceVersion } = await backend.list("Tier");
    const abort = new AbortController();
    const it = backend.watch("Tier", { resourceVersion, signal: abort.signal })[Symbol.asyncIterator]();
    const first = take(it, 1);
    const w1 = await backend.create(tier("w1", 60), { actor: "t" });
    const [ev] = await first;
    expect(ev).toMatchObject({ type: "ADDED", object: { kind: "Tier", metadata: { name: "w1" } } });
    abort.abort();
    await it.return?.();

    await backend.update(tier("w1", 61, w1.metadata.resourceVersion), { actor: "t" });
    const again = new AbortController();
    const resumed = backend.watch("Tier", { resourceVersion: ev?.object.metadata.resourceVersion ?? "", signal: again.signal })[Symbol.asyncIterator]();
    const [next] = await take(resumed, 1);
    expect(next).toMatchObject({ type: "MODIFIED", object: { metadata: { name: "w1" }, spec: { order: 61 } } });
    again.abort();
    await resumed.return?.();
  });

  it("fails a watch from a compacted version with GoneError, and listAndWatch relists", async () => {
    const { resourceVersion } = await backend.list("Tier");
    await backend.create(tier("c1", 70), { actor: "t" });
    const { getSql } = await import("@/lib/server/db");
    const { compactClusterEvents } = await import("@/lib/server/cluster/compaction");
    await compactClusterEvents(await getSql(), "embedded", new Date(Date.now() + 60_000), { watchWindowMs: 1, auditRetentionMs: 86_400_000 });

    const abort = new AbortController();
    const it = backend.watch("Tier", { resourceVersion, signal: abort.signal })[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toBeInstanceOf(GoneError);
    abort.abort();

    const informer = new AbortController();
    const stream = backend.listAndWatch("Tier", { signal: informer.signal });
    const [sync] = await take(stream, 1);
    expect(sync?.type).toBe("SYNC");
    expect(sync && "items" in sync ? sync.items.map((t) => t.metadata.name) : []).toContain("c1");
    const pending = take(stream, 1);
    await backend.create(tier("c2", 71), { actor: "t" });
    expect(await pending).toMatchObject([{ type: "ADDED", object: { metadata: { name: "c2" } } }]);
    informer.abort();
    await stream.return(undefined);
  });

  describe("updates as server-side applies by the field manager palisade", () => {
    type Entry = { manager: string; operation: string; fieldsV1: Record<string, unknown> };
    const transport = async () => {
      const { loadKubeConfig, parseKubeConnection } = await import("@/lib/server/kube/kube-config");
      const { KubeTransport } = await import("@/lib/server/kube/kube-transport");
      const { kc, server: url } = loadKubeConfig(parseKubeConnection({ source: "token", server: server.url, token, caPem: server.caPem }));
      return new KubeTransport(kc, url, { sleep: async () => undefined });
    };
    const managed = async (name: string): Promise<Entry[]> => {
      const res = await (await transport()).request({ method: "GET", path: `/apis/projectcalico.org/v3/tiers/${name}` });
      return ((res.body as { metadata: { managedFields?: Entry[] } }).metadata.managedFields ?? []);
    };
    const applyAs = async (manager: string, doc: Record<string, unknown>) => {
      const name = (doc["metadata"] as { name: string }).name;
      return (await transport()).request({ method: "PATCH", path: `/apis/projectcalico.org/v3/tiers/${name}`, query: { fieldManager: manager }, contentType: "application/apply-patch+yaml", body: { apiVersion: "projectcalico.org/v3", kind: "Tier", ...doc } });
    };

    it("takes its own fields over from its earlier writes, keeps the resourceVersion precondition", async () => {
      const created = await backend.create(tier("ssa-own", 10), { actor: "t" });
      expect((await managed("ssa-own")).map((e) => `${e.manager}/${e.operation}`)).toEqual(["palisade/Update"]);
      const updated = await backend.update(tier("ssa-own", 20, created.metadata.resourceVersion), { actor: "t" });
      expect(updated.spec.order).toBe(20);
      const entries = await managed("ssa-own");
      expect(entries.map((e) => `${e.manager}/${e.operation}`)).toEqual(["palisade/Apply"]);
      expect(entries[0]?.fieldsV1).toEqual({ "f:spec": { "f:order": {} } });
      // A dry run writes nothing; a stale version is a ConflictError with the current object.
      const dry = await backend.update(tier("ssa-own", 30, updated.metadata.resourceVersion), { actor: "t", dryRun: true });
      expect(dry.spec.order).toBe(30);
      expect((await backend.get("Tier", "ssa-own")).spec.order).toBe(20);
      const stale = await backend.update(tier("ssa-own", 40, created.metadata.resourceVersion), { actor: "t" }).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(ConflictError);
      expect((stale as ConflictError).current).toMatchObject({ spec: { order: 20 } });
    });

    it("an edit of the live version takes a field over from another manager, as kubectl edit does; their other fields stay theirs", async () => {
      expect((await applyAs("flux", { metadata: { name: "ssa-flux", labels: { team: "net" } }, spec: { order: 10 } })).status).toBe(201);
      const applied = await backend.get("Tier", "ssa-flux");
      const taken = await backend.update({ ...applied, spec: { ...applied.spec, order: 99 } }, { actor: "t" });
      expect(taken.spec.order).toBe(99);
      expect((await managed("ssa-flux")).map((x) => [x.manager, x.operation, x.fieldsV1])).toEqual([
        ["flux", "Apply", { "f:metadata": { "f:labels": { "f:team": {} } } }],
        ["palisade", "Apply", { "f:metadata": { "f:labels": { "f:team": {} } }, "f:spec": { "f:order": {} } }],
      ]);
      // The precondition still holds: an edit of the version before is a ConflictError, nothing written.
      const stale = await backend.update({ ...applied, spec: { ...applied.spec, order: 7 } }, { actor: "t" }).catch((x: unknown) => x);
      expect(stale).toBeInstanceOf(ConflictError);
      expect((await backend.get("Tier", "ssa-flux")).spec.order).toBe(99);
      const live = await backend.get("Tier", "ssa-flux");
      // Adding a label is no conflict: flux keeps its fields, palisade owns the new label and
      // shares the values it sent unchanged (SMD's shared ownership of equal values).
      const labelled = await backend.update({ ...live, metadata: { ...live.metadata, labels: { team: "net", env: "prod" } } }, { actor: "t" });
      expect(labelled.metadata.labels).toEqual({ team: "net", env: "prod" });
      expect((await managed("ssa-flux")).map((x) => [x.manager, x.fieldsV1])).toEqual([
        ["flux", { "f:metadata": { "f:labels": { "f:team": {} } } }],
        ["palisade", { "f:metadata": { "f:labels": { "f:env": {}, "f:team": {} } }, "f:spec": { "f:order": {} } }],
      ]);
      // Removing a label only palisade applied is an apply (SMD prunes it)…
      const current = await backend.get("Tier", "ssa-flux");
      const pruned = await backend.update({ ...current, metadata: { ...current.metadata, labels: { team: "net" } } }, { actor: "t" });
      expect(pruned.metadata.labels).toEqual({ team: "net" });
      expect((await managed("ssa-flux")).map((x) => `${x.manager}/${x.operation}`)).toEqual(["flux/Apply", "palisade/Apply"]);
      // …removing one flux also applied would be kept by an apply: that edit is an Update (a PUT), as kubectl edit.
      const removed = await backend.update({ ...pruned, metadata: { ...pruned.metadata, labels: {} } }, { actor: "t" });
      expect(removed.metadata.labels ?? {}).toEqual({});
      expect((await backend.get("Tier", "ssa-flux")).metadata.labels ?? {}).toEqual({});
      // flux owned nothing else, so its entry goes (upstream drops entries left with no fields).
      expect((await managed("ssa-flux")).map((x) => x.manager)).not.toContain("flux");
    });

    it("a multi-document apply (Apply YAML on a real cluster) writes every document, taking fields over from other managers", async () => {
      expect((await applyAs("argocd", { metadata: { name: "ssa-argo" }, spec: { order: 15 } })).status).toBe(201);
      await backend.create(tier("ssa-other", 16), { actor: "t" });
      await backend.apply([tier("ssa-other", 17), tier("ssa-argo", 18)], { actor: "t" });
      expect((await backend.get("Tier", "ssa-other")).spec.order).toBe(17);
      expect((await backend.get("Tier", "ssa-argo")).spec.order).toBe(18);
      expect((await managed("ssa-argo")).map((x) => `${x.manager}/${x.operation}`)).toEqual(["palisade/Apply"]);
    });

    it("falls back to PUT when the server refuses apply patches (415), and remembers it for the cluster", async () => {
      const { KubernetesBackend } = await import("@/lib/server/kube/backend");
      const inner = await transport();
      const seen: string[] = [];
      const old = {
        request: async (req: Parameters<typeof inner.request>[0]) => {
          seen.push(`${req.method} ${req.contentType ?? ""}`);
          if (req.method === "PATCH" && req.contentType === "application/apply-patch+yaml") return { status: 415, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format" } };
          return inner.request(req);
        },
        stream: inner.stream.bind(inner),
      } as unknown as typeof inner; // only request differs
      const oldServer = await KubernetesBackend.connect("old", old);
      const created = await oldServer.create(tier("ssa-old", 10), { actor: "t" });
      const one = await oldServer.update(tier("ssa-old", 11, created.metadata.resourceVersion), { actor: "t" });
      expect(one.spec.order).toBe(11);
      const two = await oldServer.update(tier("ssa-old", 12, one.metadata.resourceVersion), { actor: "t" });
      expect(two.spec.order).toBe(12);
      expect(seen.filter((x) => x.startsWith("PATCH"))).toEqual(["PATCH application/apply-patch+yaml"]);
      expect(seen.filter((x) => x.startsWith("PUT"))).toHaveLength(4);
    });
  });

  it("is read-only with the reason when only crd.projectcalico.org/v1 is served", async () => {
    const v1only = await connect(["v1", "crd.projectcalico.org/v1", "networking.k8s.io/v1"]);
    expect(v1only.readOnly).toBe(true);
    expect(v1only.readOnlyReason).toContain("crd.projectcalico.org/v1");
    expect(v1only.resourceFor("Tier").group).toBe("crd.projectcalico.org");
    const tiers = await v1only.list("Tier");
    expect(tiers.items.map((t) => t.metadata.name)).toContain("p1");
    expect(tiers.items[0]?.kind).toBe("Tier");
    await expect(v1only.create(tier("nope", 1), { actor: "t" })).rejects.toBeInstanceOf(ForbiddenError);
    const namespaces = await v1only.list("Namespace");
    expect(namespaces.items.length).toBeGreaterThan(0);
  });

  it("refuses a plain-http server unless allowInsecureHttp is set", async () => {
    const { loadKubeConfig, parseKubeConnection } = await import("@/lib/server/kube/kube-config");
    expect(() => loadKubeConfig(parseKubeConnection({ source: "token", server: "http://127.0.0.1:1", token: "x" }))).toThrow(ValidationError);
    expect(loadKubeConfig(parseKubeConnection({ source: "token", server: "http://127.0.0.1:1", token: "x", allowInsecureHttp: true })).server.protocol).toBe("http:");
  });
});
