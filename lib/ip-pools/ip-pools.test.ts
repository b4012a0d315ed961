import { describe, expect, it } from "vitest";
import type { IPPool } from "@/lib/calico/types";
import { computePoolUsage, emptyIpPoolForm, fromIpPoolForm, poolsNamedBy, toIpPoolForm } from "@/lib/ip-pools";

const pool = (name: string, cidr: string): IPPool => ({ kind: "IPPool", metadata: { name }, spec: { cidr } });

describe("poolsNamedBy", () => {
  it("reads the seed's escaped JSON list, and ignores malformed annotations", () => {
    expect(poolsNamedBy({ "cni.projectcalico.org/ipv4pools": '["dmz-pool"]' })).toEqual(["dmz-pool"]);
    expect(poolsNamedBy({ "cni.projectcalico.org/ipv4pools": "dmz-pool" })).toEqual([]);
    expect(poolsNamedBy(undefined)).toEqual([]);
    expect(poolsNamedBy({ "cni.projectcalico.org/ipv6pools": '["fd00::/64"]' })).toEqual(["fd00::/64"]);
  });
});

describe("computePoolUsage", () => {
  const pools = [pool("default-ipv4-ippool", "10.244.0.0/16"), pool("dmz-pool", "10.0.2.0/24"), pool("staging", "10.0.1.0/24")];
  const namespaces = [{ name: "dmz", annotations: { "cni.projectcalico.org/ipv4pools": '["dmz-pool"]' } }, { name: "dev" }, { name: "by-cidr", annotations: { "cni.projectcalico.org/ipv4pools": '["10.0.1.0/24"]' } }];
  const pods = [
    { namespace: "dmz", name: "web", ips: ["10.0.2.2"] },
    { namespace: "dev", name: "centos", ips: ["10.244.1.2"] },
    { namespace: "dev", name: "nginx", ips: ["10.244.1.3"], annotations: { "cni.projectcalico.org/ipv4pools": '["staging"]' } },
    { namespace: "dmz", name: "pinned", ips: [], annotations: { "cni.projectcalico.org/ipv4pools": '["staging"]' } },
  ];
  const usage = computePoolUsage(pools, namespaces, pods);
  it("lists namespaces naming a pool by name or CIDR, and workloads by address", () => {
    expect(usage.map((u) => [u.name, u.namespaces, u.workloads.map((w) => w.name)])).toEqual([
      ["default-ipv4-ippool", [], ["centos", "nginx"]],
      ["dmz-pool", ["dmz"], ["web"]],
      ["staging", ["by-cidr"], []],
    ]);
  });
  it("counts pod annotations only where the namespace names no pool (the namespace wins)", () => {
    expect(usage[2]?.annotatedPods).toEqual(["dev/nginx"]);
  });
  it("computes utilisation over the pool's size", () => {
    expect(usage[1]).toMatchObject({ used: 1, size: 256, utilisation: 1 / 256 });
    expect(usage[0]?.size).toBe(65536);
  });
});

describe("IP pool form", () => {
  it("builds the seed's staging pool and reads it back", () => {
    const r = fromIpPoolForm({ ...emptyIpPoolForm(), name: "staging", cidr: "10.0.1.0/24", ipipMode: "Always", nodeSelector: "" });
    expect(r.ok && r.value.spec).toEqual({ cidr: "10.0.1.0/24", ipipMode: "Always", vxlanMode: "Never", natOutgoing: true });
    if (r.ok) expect(toIpPoolForm(r.value)).toMatchObject({ name: "staging", cidr: "10.0.1.0/24", ipipMode: "Always", blockSize: "" });
  });
  it("names the field of each error, with Calico's rules", () => {
    const both = fromIpPoolForm({ ...emptyIpPoolForm(), name: "p", cidr: "10.0.1.0/24", ipipMode: "Always", vxlanMode: "Always" });
    expect(!both.ok && both.error.map((e) => e.path)).toEqual(["spec.vxlanMode"]);
    const masked = fromIpPoolForm({ ...emptyIpPoolForm(), name: "p", cidr: "10.0.1.7/24" });
    expect(!masked.ok && masked.error[0]?.message).toContain('did you mean "10.0.1.0/24"');
    expect(fromIpPoolForm({ ...emptyIpPoolForm(), name: "p", cidr: "10.0.1.0/24", blockSize: "x" })).toEqual({ ok: false, error: [{ path: "spec.blockSize", message: '"x" is not a whole number' }] });
    const block = fromIpPoolForm({ ...emptyIpPoolForm(), name: "p", cidr: "10.0.0.0/16", blockSize: "19" });
    expect(!block.ok && block.error[0]?.path).toBe("spec.blockSize");
  });
  it("keeps fields it does not show", () => {
    const r = fromIpPoolForm({ ...emptyIpPoolForm(), name: "p", cidr: "10.0.0.0/16", kept: { metadata: { labels: { a: "b" } }, spec: { allowedUses: ["Workload"] } } });
    expect(r.ok && [r.value.metadata.labels, r.value.spec.allowedUses]).toEqual([{ a: "b" }, ["Workload"]]);
  });
});
