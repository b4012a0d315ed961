/**
 * The rule pre-filter is conservative: a rule it leaves out of a mask never matches the
 * connection (checked against every rule's own full check, on random rules and connections),
 * and it does leave rules out (so the check above is not vacuous).
 */
import { describe, expect, it } from "vitest";
import type { CalicoResource, Rule } from "@/lib/calico/types";
import { parseIp } from "@/lib/net/ip";
import { buildPolicySet } from "@/lib/policy";
import type { CompiledEndpoint, ConnCtx, PeerCtx, TierPlan } from "@/lib/policy/compiled";
import { ALL_RULES, addressCellFor, addressCellGlobal, addressMasks, buildRuleFilter, globalIntervalOf, globalPortInterval, globalProtocolSlot, masksKeyGlobal, masksKeyOf, portCellFor, portCellGlobal, portMasks } from "@/lib/policy/rule-filter";
import { mulberry32 } from "@/lib/random";

const rand = mulberry32(7);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

function randomRule(): Rule {
  const rule: { -readonly [K in keyof Rule]: Rule[K] } = { action: pick(["Allow", "Deny", "Pass", "Log"] as const) };
  const proto = rand();
  if (proto < 0.4) rule.protocol = "TCP";
  else if (proto < 0.6) rule.protocol = "UDP";
  else if (proto < 0.65) rule.protocol = "ICMP";
  const ported = rule.protocol === "TCP" || rule.protocol === "UDP";
  const nets = () => [pick(["10.0.0.0/16", "10.1.2.0/24", "10.0.5.7/32", "fd00::/64", "0.0.0.0/0", "192.168.0.0/24"])];
  if (rand() < 0.4) rule.source = { nets: nets() };
  const destination: { ports?: (number | string)[]; nets?: string[] } = {};
  if (ported && rand() < 0.6) destination.ports = [pick([80, 443, 53, "8000:8100", "http", 1, 65535])];
  if (rand() < 0.3) destination.nets = nets();
  if (Object.keys(destination).length > 0) rule.destination = destination;
  return rule;
}

function peer(ip: string | undefined, endpoint: CompiledEndpoint | undefined): PeerCtx {
  return { addr: ip === undefined ? undefined : parseIp(ip), endpoint, domain: undefined, sets: undefined };
}

describe("rule pre-filter", () => {
  it("never leaves out a rule that matches, and leaves rules out", () => {
    const resources: CalicoResource[] = Array.from({ length: 12 }, (_, i) => ({
      kind: "GlobalNetworkPolicy" as const,
      metadata: { name: `p${i}` },
      spec: { order: i, selector: "all()", types: ["Ingress" as const], ingress: Array.from({ length: 1 + (i % 6) }, randomRule) },
    }));
    const built = buildPolicySet({
      namespaces: [{ name: "default", labels: {} }],
      endpoints: [{ kind: "workload", namespace: "default", name: "w", labels: {}, ips: ["10.0.5.7"], ports: [{ name: "http", port: 8080, protocol: "TCP" }] }],
      resources,
    });
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    const set = built.value;
    const policies = set.internal.enforced;
    const tier = set.internal.tierByName.get("default");
    if (tier === undefined) throw new Error("no default tier");
    const plans: TierPlan[] = [{ tier, policies, endStep: { kind: "defaultDeny" }, offset: 0 }];
    const filter = buildRuleFilter(plans, "ingress");
    const ep = set.internal.endpointList[0];
    let excluded = 0;
    let matched = 0;
    for (let n = 0; n < 3000; n++) {
      const protocol = pick([6, 17, 1, 132, 58]);
      const port = protocol === 6 || protocol === 17 || protocol === 132 ? pick([undefined, 1, 53, 80, 443, 8000, 8050, 8100, 8101, 8080, 65535]) : undefined;
      const src = peer(pick([undefined, "10.0.0.1", "10.0.5.7", "10.1.2.3", "10.2.0.1", "192.168.0.9", "fd00::5", "fe80::1"]), undefined);
      const dst = peer(pick([undefined, "10.0.5.7", "10.1.2.200", "8.8.8.8", "fd00::9"]), pick([ep, undefined]));
      const conn: ConnCtx = { family: 4, protocol, port, sourcePort: undefined, icmp: undefined, http: undefined, src, dst };
      const byPort = portMasks(filter, conn);
      const bySrc = addressMasks(filter, "source", src);
      const byDst = addressMasks(filter, "destination", dst);
      policies.forEach((p, j) => {
        const mask = (byPort[j] as number) & (bySrc[j] as number) & (byDst[j] as number);
        p.ingressRules.forEach((r, i) => {
          const kept = mask === ALL_RULES || (mask & (1 << i)) !== 0;
          const matches = (r.protocol === undefined || r.protocol === protocol) && r.matches(conn);
          if (matches) {
            matched++;
            expect(kept, `policy ${p.summary.name} rule ${i} matches protocol ${protocol} port ${port} src ${src.addr?.value} dst ${dst.addr?.value}`).toBe(true);
          }
          if (!kept) excluded++;
        });
      });
    }
    expect(matched).toBeGreaterThan(100);
    expect(excluded).toBeGreaterThan(1000);
  });

  it("finds the same cells through the set's global intervals as by searching its own bounds", () => {
    // Only half the policies in the plan: the global bounds have more cuts than the filter's.
    const resources: CalicoResource[] = Array.from({ length: 16 }, (_, i) => ({
      kind: "GlobalNetworkPolicy" as const,
      metadata: { name: `p${i}` },
      spec: { order: i, selector: i % 2 === 0 ? "all()" : "app == 'none'", types: ["Ingress" as const], ingress: Array.from({ length: 1 + (i % 5) }, randomRule) },
    }));
    const built = buildPolicySet({ namespaces: [{ name: "default", labels: {} }], endpoints: [], resources });
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    const set = built.value;
    const tier = set.internal.tierByName.get("default");
    if (tier === undefined) throw new Error("no default tier");
    const policies = set.internal.enforced.filter((_, i) => i % 2 === 0);
    const bounds = set.internal.globalBounds;
    const plans: TierPlan[] = [{ tier, policies, endStep: { kind: "defaultDeny" }, offset: 0 }];
    const filter = buildRuleFilter(plans, "ingress", bounds);
    // Without the set's bounds (or past its table budget) a filter has no tables and searches.
    const plain = buildRuleFilter(plans, "ingress");
    expect(plain.portTable ?? plain.srcLocal ?? plain.srcIds).toBeUndefined();
    expect(filter.portTable).toBeDefined();
    expect(filter.srcLocal ?? filter.srcKeepAll).toBeDefined();
    for (let n = 0; n < 3000; n++) {
      const protocol = pick([6, 17, 1, 132, 58, 136, 47]);
      const port = pick([undefined, 0, 1, 52, 53, 54, 79, 80, 81, 443, 7999, 8000, 8050, 8100, 8101, 8102, 8080, 65535, 70000]);
      const columns = bounds.ports.length + 2;
      if (port !== undefined) expect(globalPortInterval(bounds, port)).toBe(globalIntervalOf(bounds.ports, port));
      const at = globalProtocolSlot(bounds, protocol) * columns + (port === undefined ? columns - 1 : globalPortInterval(bounds, port));
      expect(portCellGlobal(filter, protocol, port, at)).toBe(portCellFor(filter, protocol, port));
      const addr = parseIp(pick(["0.0.0.0", "10.0.0.0", "10.0.0.1", "10.0.5.7", "10.0.5.8", "10.0.255.255", "10.1.0.0", "10.1.2.0", "10.1.2.255", "10.1.3.0", "192.168.0.9", "255.255.255.255"]));
      if (addr?.version !== 4) throw new Error("not IPv4");
      const g = globalIntervalOf(bounds.addrs, addr.value);
      for (const side of ["source", "destination"] as const) expect(addressCellGlobal(filter, side, addr, g)).toBe(addressCellFor(filter, side, addr));
      // The mask ids remembered by global interval name the same candidates as the cells' ids.
      const other = parseIp(pick(["10.0.5.7", "10.1.2.9", "8.8.8.8"]));
      if (other?.version !== 4) throw new Error("not IPv4");
      const og = globalIntervalOf(bounds.addrs, other.value);
      const conn: ConnCtx = { family: 4, protocol, port, sourcePort: undefined, icmp: undefined, http: undefined, src: peer(undefined, undefined), dst: peer(undefined, undefined) };
      const srcPeer: PeerCtx = { addr, endpoint: undefined, domain: undefined, sets: undefined };
      const dstPeer: PeerCtx = { addr: other, endpoint: undefined, domain: undefined, sets: undefined };
      for (const f of [filter, plain]) {
        if (rand() < 0.5) {
          portMasks(f, conn);
          addressMasks(f, "source", srcPeer);
          addressMasks(f, "destination", dstPeer);
        }
        const byCells = masksKeyOf(f, portCellFor(f, protocol, port), addressCellFor(f, "source", addr), addressCellFor(f, "destination", other));
        expect(masksKeyGlobal(f, protocol, port, at, addr, g, other, og)).toBe(byCells);
      }
    }
  });
});
