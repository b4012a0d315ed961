import { describe, expect, it } from "vitest";
import { idempotencyKeyOf, parsePolicyHit, pendingActionOf } from "@/lib/flows";
import { parseGoldmaneFlow, toFlowLog, toLabelMap, toPolicyEntry } from "@/lib/goldmane/convert";
import type { GoldmaneFlow, GoldmanePolicyHit } from "@/lib/goldmane/wire";
import { goldmaneFlowSchema } from "@/lib/goldmane/wire";

const hit = (h: Partial<GoldmanePolicyHit>): GoldmanePolicyHit => ({ kind: "GlobalNetworkPolicy", namespace: "", name: "p", tier: "default", action: "Allow", policy_index: 0, rule_index: 0, ...h });

function aFlow(over: Partial<GoldmaneFlow["Key"]> = {}, rest: Partial<Omit<GoldmaneFlow, "Key">> = {}): GoldmaneFlow {
  return goldmaneFlowSchema.parse({
    Key: {
      source_name: "centos-7d9f8c6b5-*",
      source_namespace: "dev",
      source_type: "WorkloadEndpoint",
      dest_name: "nginx-5f7d8c9b4-*",
      dest_namespace: "dev",
      dest_type: "WorkloadEndpoint",
      dest_port: 80,
      dest_service_name: "nginx-svc",
      dest_service_namespace: "dev",
      dest_service_port_name: "http",
      dest_service_port: 80,
      proto: "tcp",
      reporter: "Dst",
      action: "Allow",
      policies: {
        enforced_policies: [hit({ kind: "CalicoNetworkPolicy", namespace: "dev", name: "allow-nginx", tier: "platform", rule_index: 1 })],
        pending_policies: [hit({ kind: "StagedNetworkPolicy", namespace: "dev", name: "lockdown", tier: "security", action: "Deny", rule_index: 0 })],
      },
      ...over,
    },
    start_time: 1_700_000_000,
    end_time: 1_700_000_015,
    source_labels: ["app=centos", "projectcalico.org/namespace=dev"],
    dest_labels: ["app=nginx"],
    packets_in: 10,
    packets_out: 12,
    bytes_in: 1000,
    bytes_out: 1200,
    num_connections_started: 3,
    num_connections_completed: 2,
    num_connections_live: 1,
    ...rest,
  });
}

describe("toPolicyEntry: Goldmane PolicyHit → Calico trace entry", () => {
  // Each row: the hit, the entry, and what lib/flows parses the entry back into.
  const rows: { hit: GoldmanePolicyHit; entry: string; kind: string; staged: boolean; name: string; namespace?: string }[] = [
    { hit: hit({ name: "allow-dns", tier: "security", policy_index: 2, rule_index: 3 }), entry: "2|security|security.allow-dns|allow|3", kind: "GlobalNetworkPolicy", staged: false, name: "allow-dns" },
    { hit: hit({ name: "security.allow-dns", tier: "security" }), entry: "0|security|security.allow-dns|allow|0", kind: "GlobalNetworkPolicy", staged: false, name: "allow-dns" },
    { hit: hit({ kind: "StagedGlobalNetworkPolicy", name: "deny-all", tier: "default", action: "Deny" }), entry: "0|default|staged:default.deny-all|deny|0", kind: "StagedGlobalNetworkPolicy", staged: true, name: "deny-all" },
    { hit: hit({ kind: "CalicoNetworkPolicy", namespace: "dev", name: "web", tier: "platform", action: "Pass", rule_index: 4 }), entry: "0|platform|dev/platform.web|pass|4", kind: "NetworkPolicy", staged: false, name: "web", namespace: "dev" },
    { hit: hit({ kind: "StagedNetworkPolicy", namespace: "dev", name: "web", tier: "platform" }), entry: "0|platform|dev/staged:platform.web|allow|0", kind: "StagedNetworkPolicy", staged: true, name: "web", namespace: "dev" },
    { hit: hit({ kind: "NetworkPolicy", namespace: "prod", name: "db", tier: "default" }), entry: "0|default|prod/knp.default.db|allow|0", kind: "KubernetesNetworkPolicy", staged: false, name: "db", namespace: "prod" },
    { hit: hit({ kind: "StagedKubernetesNetworkPolicy", namespace: "prod", name: "db", tier: "default", action: "Deny" }), entry: "0|default|prod/staged:knp.default.db|deny|0", kind: "StagedKubernetesNetworkPolicy", staged: true, name: "db", namespace: "prod" },
    { hit: hit({ kind: "Profile", name: "kns.dev", tier: "" }), entry: "0|__PROFILE__|__PROFILE__.kns.dev|allow|0", kind: "Profile", staged: false, name: "kns.dev" },
    { hit: hit({ kind: "ClusterNetworkPolicy", name: "deny-dev", tier: "kube-admin", action: "Deny", rule_index: 2 }), entry: "0|kube-admin|kcnp.kube-admin.deny-dev|deny|2", kind: "ClusterNetworkPolicy", staged: false, name: "deny-dev" },
    // PolicyKind 11 from a client that hands enums over as numbers.
    { hit: hit({ kind: 11, name: "base", tier: "kube-baseline", action: "Pass" }), entry: "0|kube-baseline|kcnp.kube-baseline.base|pass|0", kind: "ClusterNetworkPolicy", staged: false, name: "base" },
  ];
  it.each(rows)("$entry", (row) => {
    const r = toPolicyEntry(row.hit);
    expect(r).toEqual({ ok: true, value: row.entry });
    const back = parsePolicyHit(row.entry);
    expect(back.ok && back.value).toMatchObject({ kind: row.kind, staged: row.staged, name: row.name, ...(row.namespace ? { namespace: row.namespace } : {}) });
  });

  it("writes an EndOfTier hit with its trigger's name and rule index -1", () => {
    const r = toPolicyEntry(hit({ kind: "EndOfTier", name: "", tier: "security", action: "Deny", policy_index: 1, rule_index: 0, trigger: hit({ kind: "GlobalNetworkPolicy", name: "allow-dns", tier: "security" }) }));
    expect(r).toEqual({ ok: true, value: "1|security|security.allow-dns|deny|-1" });
    const staged = toPolicyEntry(hit({ kind: "EndOfTier", name: "", tier: "default", action: "Deny", trigger: hit({ kind: "StagedNetworkPolicy", namespace: "dev", name: "x", tier: "" }) }));
    expect(staged).toEqual({ ok: true, value: "0|default|dev/staged:default.x|deny|-1" });
  });

  it("refuses hits it cannot write faithfully", () => {
    expect(toPolicyEntry(hit({ kind: "EndOfTier", trigger: null }))).toEqual({ ok: false, error: "an EndOfTier hit needs the trigger policy" });
    expect(toPolicyEntry(hit({ action: "ActionUnspecified" })).ok).toBe(false);
    expect(toPolicyEntry(hit({ kind: "CalicoNetworkPolicy", namespace: "" }))).toEqual({ ok: false, error: "a CalicoNetworkPolicy hit needs a namespace" });
    expect(toPolicyEntry(hit({ kind: 42 }))).toEqual({ ok: false, error: "policy kind #42 is not known" });
    expect(toPolicyEntry(hit({ name: "" })).ok).toBe(false);
    expect(toPolicyEntry(hit({ tier: "" })).ok).toBe(false);
  });

  it("names the admin and baseline cluster-policy tiers as felix does", () => {
    expect(toPolicyEntry(hit({ kind: "ClusterNetworkPolicyAdminTier", name: "a", tier: "adminnetworkpolicy" }))).toEqual({ ok: true, value: "0|adminnetworkpolicy|kanp.adminnetworkpolicy.a|allow|0" });
    expect(toPolicyEntry(hit({ kind: "ClusterNetworkPolicyBaselineTier", name: "b", tier: "baselineadminnetworkpolicy" })).ok).toBe(true);
  });
});

describe("toFlowLog", () => {
  it("maps key, interval, labels and counters onto the flow-log model", () => {
    const r = toFlowLog(aFlow());
    if (!r.ok) throw new Error(r.error.message);
    const f = r.value;
    expect(f).toMatchObject({
      startTime: 1_700_000_000,
      endTime: 1_700_000_015,
      proto: "tcp",
      action: "allow",
      reporter: "dst",
      bytesIn: 1000,
      bytesOut: 1200,
      packetsIn: 10,
      packetsOut: 12,
      numFlows: 3,
      numFlowsStarted: 3,
      numFlowsCompleted: 2,
      destDomains: [],
      destService: { namespace: "dev", name: "nginx-svc", portName: "http", portNum: 80 },
    });
    expect(f.source).toEqual({ type: "wep", namespace: "dev", name: "-", nameAggr: "centos-7d9f8c6b5-*", ip: null, port: null, labels: { app: "centos", "projectcalico.org/namespace": "dev" } });
    expect(f.dest).toMatchObject({ type: "wep", nameAggr: "nginx-5f7d8c9b4-*", port: 80, labels: { app: "nginx" } });
    expect(f.policies).toEqual({ enforced: ["0|platform|dev/platform.allow-nginx|allow|1"], pending: ["0|security|dev/staged:security.lockdown|deny|0"] });
    expect(f.host).toBeUndefined();
    // The staged deny shows up as the pending verdict.
    expect(pendingActionOf(f)).toBe("deny");
  });

  it("writes empty names, services and zero ports as Calico's placeholders", () => {
    const r = toFlowLog(aFlow({ source_type: "Network", source_name: "pub", source_namespace: "", dest_service_name: "", dest_service_namespace: "", dest_service_port_name: "", dest_service_port: 0, dest_port: 0, proto: "icmp", policies: null }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.source).toEqual({ type: "net", namespace: "-", name: "-", nameAggr: "pub", ip: null, port: null, labels: null });
    expect(r.value.dest.port).toBeNull();
    expect(r.value.destService).toEqual({ namespace: "-", name: "-", portName: "-", portNum: null });
    expect(r.value.policies).toBeNull();
  });

  it("maps every endpoint type and reporter", () => {
    const hep = toFlowLog(aFlow({ source_type: "HostEndpoint", dest_type: "NetworkSet", reporter: "Src", action: "Deny", proto: "UDP" }));
    expect(hep.ok && [hep.value.source.type, hep.value.dest.type, hep.value.reporter, hep.value.action, hep.value.proto]).toEqual(["hep", "ns", "src", "deny", "udp"]);
  });

  it("refuses what a flow log cannot hold", () => {
    expect(toFlowLog(aFlow({ action: "Pass" }))).toMatchObject({ ok: false, error: { field: "Key.action" } });
    expect(toFlowLog(aFlow({ reporter: "ReporterUnspecified" }))).toMatchObject({ ok: false, error: { field: "Key.reporter" } });
    expect(toFlowLog(aFlow({ source_type: "EndpointTypeUnspecified" }))).toMatchObject({ ok: false, error: { field: "Key.source_type" } });
    expect(toFlowLog(aFlow({ dest_type: 9 }))).toMatchObject({ ok: false, error: { field: "Key.dest_type" } });
    expect(toFlowLog(aFlow({ proto: "carrier-pigeon" }))).toMatchObject({ ok: false, error: { field: "Key.proto" } });
    expect(toFlowLog(aFlow({}, { end_time: 1_700_000_000 }))).toMatchObject({ ok: false, error: { field: "end_time" } });
    expect(toFlowLog(aFlow({ policies: { enforced_policies: [hit({ kind: "EndOfTier" })], pending_policies: [] } }))).toMatchObject({ ok: false, error: { field: "Key.policies.enforced_policies[0]" } });
    expect(toFlowLog(aFlow({ policies: { enforced_policies: [], pending_policies: [hit({ action: 7 })] } }))).toMatchObject({ ok: false, error: { field: "Key.policies.pending_policies[0]" } });
  });

  it("gives the same interval of the same key the same idempotency key, whatever its counters", () => {
    const a = toFlowLog(aFlow());
    const b = toFlowLog(aFlow({}, { bytes_in: 99, packets_in: 1 }));
    const later = toFlowLog(aFlow({}, { start_time: 1_700_000_015, end_time: 1_700_000_030 }));
    if (!a.ok || !b.ok || !later.ok) throw new Error("conversion failed");
    expect(idempotencyKeyOf(a.value)).toBe(idempotencyKeyOf(b.value));
    expect(idempotencyKeyOf(a.value)).not.toBe(idempotencyKeyOf(later.value));
  });
});

describe("parseGoldmaneFlow", () => {
  it("accepts a decoded message with 64-bit integers as strings and fills defaults", () => {
    const r = parseGoldmaneFlow({ Key: { source_type: "WorkloadEndpoint", dest_type: "Network", dest_name: "pvt", proto: "tcp", reporter: "Src", action: "Allow" }, start_time: "1700000000", end_time: "1700000015", bytes_out: "5" });
    expect(r.ok && r.value).toMatchObject({ startTime: 1_700_000_000, bytesOut: 5, dest: { type: "net", nameAggr: "pvt" }, policies: null });
  });
  it("names the field of a malformed message", () => {
    expect(parseGoldmaneFlow({ Key: { source_name: 5 } })).toMatchObject({ ok: false, error: { field: "Key.source_name" } });
    expect(parseGoldmaneFlow(null).ok).toBe(false);
  });
  it("reads key=value label lists", () => {
    expect(toLabelMap(["a=1", "b=x=y", "junk", "=v"])).toEqual({ a: "1", b: "x=y" });
  });
});
