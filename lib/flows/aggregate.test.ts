import { describe, expect, it } from "vitest";
import type { FlowLog } from "@/lib/flows";
import { aggregateFlows, aggregateFlowsByAction } from "@/lib/flows";
import { aFlow, aWep } from "@/lib/testing/flow-builders";

/** The docs' level example: client-a twice and client-b to nginx-1:80, client-c to nginx-2:8080. */
function four(): FlowLog[] {
  const flow = (src: string, sip: string, sport: number, dst: string, dip: string, dport: number, pin: number, pout: number): FlowLog =>
    aFlow({
      source: aWep("ns", src, { ip: sip, port: sport, labels: { app: "client", id: src } }),
      dest: aWep("ns", dst, { ip: dip, port: dport, labels: { app: "nginx" } }),
      packetsIn: pin,
      packetsOut: pout,
    });
  return [
    flow("client-abcde", "1.1.1.1", 45556, "nginx-fghij", "2.2.2.2", 80, 1, 2),
    flow("client-klmno", "1.1.2.2", 45666, "nginx-fghij", "2.2.2.2", 80, 2, 2),
    flow("client-abcde", "1.1.1.1", 65533, "nginx-fghij", "2.2.2.2", 80, 1, 3),
    flow("client-pqrst", "1.1.3.3", 65534, "nginx-uvwxy", "2.2.3.3", 8080, 3, 4),
  ];
}

describe("aggregateFlows", () => {
  it("level 0 keeps every 5-tuple", () => {
    expect(aggregateFlows(four(), 0)).toHaveLength(4);
  });
  it("level 1 drops source ports: client-a's two connections merge", () => {
    const out = aggregateFlows(four(), 1);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({ packetsIn: 2, packetsOut: 5, numFlows: 2 });
    expect(out[0]?.source).toMatchObject({ port: null, ip: "1.1.1.1", name: "client-abcde" });
  });
  it("level 2 drops IPs and names, keeps the pod prefix, intersects labels", () => {
    const out = aggregateFlows(four(), 2);
    expect(out.map((f) => [f.dest.port, f.packetsIn, f.packetsOut])).toEqual([
      [80, 4, 7],
      [8080, 3, 4],
    ]);
    expect(out[0]?.source).toMatchObject({ name: "-", ip: null, nameAggr: "client-*", labels: { app: "client" } });
    expect(out[0]?.dest).toMatchObject({ name: "-", ip: null, nameAggr: "nginx-*" });
  });
  it("level 3 also drops destination ports", () => {
    const out = aggregateFlows(four(), 3);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ packetsIn: 7, packetsOut: 11, numFlows: 4 });
    expect(out[0]?.dest.port).toBeNull();
    expect(out[0]?.destService.portName).toBe("-");
  });
  it("never merges different actions, reporters, intervals or enforced traces", () => {
    const base = aFlow();
    const variants = [base, { ...base, action: "deny" as const }, { ...base, reporter: "dst" as const }, { ...base, startTime: base.startTime + 15, endTime: base.endTime + 15 }, { ...base, policies: { enforced: ["0|default|default.x|allow|0"], pending: [] } }];
    expect(aggregateFlows(variants, 3)).toHaveLength(5);
  });
  it("keeps the later record's pending trace", () => {
    const a = aFlow({ policies: { enforced: ["0|__PROFILE__|__PROFILE__.kns.default|allow|0"], pending: ["0|default|staged:default.x|deny|-1"] } });
    const b = aFlow({ source: { ...a.source, port: 1 }, policies: { enforced: a.policies?.enforced ?? [], pending: ["0|__PROFILE__|__PROFILE__.kns.default|allow|0"] } });
    expect(aggregateFlows([a, b], 1)[0]?.policies?.pending).toEqual(["0|__PROFILE__|__PROFILE__.kns.default|allow|0"]);
  });
});

describe("aggregateFlowsByAction", () => {
  it("uses Calico's defaults: allowed at 2, denied at 1", () => {
    const flows = four();
    const denied = flows.map((f) => ({ ...f, action: "deny" as const }));
    const out = aggregateFlowsByAction([...flows, ...denied]);
    expect(out.filter((f) => f.action === "allow")).toHaveLength(2);
    expect(out.filter((f) => f.action === "deny")).toHaveLength(3);
  });
});
