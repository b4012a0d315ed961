import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseResources } from "@/lib/calico/validate";
import { toJson, toWireObject, toYaml } from "@/lib/calico/serialize";
import { SEED_FIXTURES } from "@/lib/calico/fixtures/seeds";
import type { CalicoResource } from "@/lib/calico/types";

function resourcesOf(text: string): CalicoResource[] {
  return parseResources(text).documents.map((d) => {
    expect(d.errors).toEqual([]);
    return d.resource!;
  });
}

describe("round trips", () => {
  for (const fixture of SEED_FIXTURES) {
    it(`seed ${fixture.seed}: ${fixture.title} survives YAML and JSON round trips`, () => {
      const resources = resourcesOf(fixture.yaml);
      expect(resourcesOf(toYaml(resources))).toEqual(resources);
      expect(resourcesOf(toJson(resources))).toEqual(resources);
    });
  }

  it("writes Kubernetes NetworkPolicy back as networking.k8s.io/v1 NetworkPolicy", () => {
    const k8s = SEED_FIXTURES.find((f) => f.title.startsWith("Kubernetes"))!;
    const [resource] = resourcesOf(k8s.yaml);
    expect(resource?.kind).toBe("KubernetesNetworkPolicy");
    const wire = toWireObject(resource!);
    expect(wire["apiVersion"]).toBe("networking.k8s.io/v1");
    expect(wire["kind"]).toBe("NetworkPolicy");
  });

  it("writes crd.projectcalico.org/v1 input as projectcalico.org/v3", () => {
    const v1 = SEED_FIXTURES.find((f) => f.title.startsWith("default.hipsetrshop-deny"))!;
    expect(parse(toYaml(resourcesOf(v1.yaml)))).toMatchObject({ apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata: { name: "default.hipsetrshop-deny" } });
  });

  it("orders keys like Calico's structs but keeps label order", () => {
    const yaml = "spec:\n  types: [Ingress]\n  selector: all()\n  order: 5\n  tier: default\nmetadata:\n  labels: {z: '1', a: '2'}\n  name: p\nkind: GlobalNetworkPolicy\napiVersion: projectcalico.org/v3\n";
    const wire = toWireObject(resourcesOf(yaml)[0]!);
    expect(Object.keys(wire)).toEqual(["apiVersion", "kind", "metadata", "spec"]);
    expect(Object.keys(wire["metadata"] as object)).toEqual(["name", "labels"]);
    expect(Object.keys((wire["metadata"] as { labels: object }).labels)).toEqual(["z", "a"]);
    expect(Object.keys(wire["spec"] as object)).toEqual(["tier", "order", "selector", "types"]);
  });

  it("keeps unknown FelixConfiguration fields", () => {
    const yaml = "apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata:\n  name: default\nspec:\n  logSeverityScreen: Info\n  flowLogsFlushInterval: 15s\n";
    const resources = resourcesOf(yaml);
    expect(toYaml(resources)).toContain("logSeverityScreen: Info");
    expect(resourcesOf(toYaml(resources))).toEqual(resources);
  });
});
