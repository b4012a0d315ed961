/**
 * A namespaced document without metadata.namespace (embedded cluster, throwaway PGlite folder):
 * Apply YAML puts it in `default` as kubectl apply does; a REST create takes the URL's namespace.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "@/lib/server/db";
import { EMBEDDED_CLUSTER_ID, getClusterBackend } from "@/lib/server/cluster/registry";
import { applyText, createObject } from "@/lib/server/http/resource-ops";

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "palisade-default-ns-"));
  process.env.PALISADE_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  await getClusterBackend(EMBEDDED_CLUSTER_ID); // creates the database (slow on a busy machine)
}, 120_000);
afterAll(async () => {
  await closeDatabase();
  rmSync(dir, { recursive: true, force: true });
});

const policy = (name: string) => `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  selector: app == "web"\n`;

describe("namespaced documents without a namespace", () => {
  it("Apply YAML stores them in namespace default", async () => {
    const result = await applyText(EMBEDDED_CLUSTER_ID, `${policy("no-ns")}---\napiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata:\n  name: set-no-ns\nspec:\n  nets: [10.1.0.0/16]\n`, { dryRun: false, actor: "alice" });
    expect(result.results.map((r) => [r.kind, r.name, r.namespace])).toEqual([
      ["NetworkPolicy", "no-ns", "default"],
      ["NetworkSet", "set-no-ns", "default"],
    ]);
    const backend = await getClusterBackend(EMBEDDED_CLUSTER_ID);
    expect((await backend.get("NetworkPolicy", "no-ns", "default"))?.metadata.namespace).toBe("default");
  }, 60_000);

  it("a REST create under /namespaces/dev takes dev", async () => {
    const created = await createObject({ cluster: EMBEDDED_CLUSTER_ID, resource: "networkpolicies", namespace: "dev" }, policy("in-dev"), { dryRun: false, actor: "alice" });
    expect((created as { metadata: { namespace?: string } }).metadata.namespace).toBe("dev");
  }, 60_000);
});
