import { describe, expect, it } from "vitest";
import type { FlowTuple, FlowTupleSide } from "@/lib/board";
import { buildFlowConnections } from "@/lib/board";
import { aGlobalNetworkSet, aHostEndpoint, aWorkload } from "@/lib/testing/policy-builders";

const client = aWorkload("client-7d9f8c6b5d-abcde", { namespace: "dev", labels: { app: "client", "pod-template-hash": "7d9f8c6b5d" }, ips: ["10.244.1.5"] });
const server = aWorkload("server-0", { namespace: "dev", labels: { app: "server" }, ips: ["10.244.2.9"] });
const node = aHostEndpoint("node-1", { ips: ["192.168.0.10"] });
const blocked = aGlobalNetworkSet("blocked", { role: "bad" }, { nets: ["203.0.113.0/24"] });
const ctx = { endpoints: [client, server, node], networkSets: [blocked] };

const wep = (ns: string, name: string, nameAggr: string, ip: string | null = null): FlowTupleSide => ({ type: "wep", namespace: ns, name, nameAggr, ip });
const tuple = (source: FlowTupleSide, dest: FlowTupleSide, overrides: Partial<FlowTuple> = {}): FlowTuple => ({ source, dest, destDomains: [], proto: "tcp", port: 8080, records: 1, ...overrides });

describe("buildFlowConnections", () => {
  it("resolves pods by IP, by name and by aggregated name, and judges each tuple once", () => {
    const r = buildFlowConnections(
      [
        tuple(wep("dev", "-", "client-7d9f8c6b5d-*"), wep("dev", "server-0", "server-0"), { records: 3 }),
        // The dst-reported half of the same flow names both pods: deduplicated into one connection.
        tuple(wep("dev", "client-7d9f8c6b5d-abcde", "client-7d9f8c6b5d-*"), wep("dev", "-", "server-0"), { records: 2 }),
        tuple(wep("dev", "-", "-", "10.244.1.5"), wep("dev", "server-0", "server-0"), { port: 9090 }),
      ],
      ctx,
    );
    expect(r.unresolvedRecords).toBe(0);
    expect(r.connections).toHaveLength(2);
    expect(r.connections[0]).toMatchObject({ records: 5, connection: { source: { kind: "endpoint", endpoint: client }, destination: { kind: "endpoint", endpoint: server }, protocol: "TCP", port: 8080 } });
    expect(r.connections[1]?.connection).toMatchObject({ source: { kind: "endpoint", endpoint: client, ip: "10.244.1.5" }, port: 9090 });
  });

  it("turns networks into external peers with the IP or domain, and network sets without IP into their first address", () => {
    const r = buildFlowConnections(
      [
        tuple(wep("dev", "server-0", "server-0"), { type: "net", namespace: "-", name: "-", nameAggr: "pub", ip: null }, { destDomains: ["example.com"], port: 443 }),
        tuple({ type: "ns", namespace: "-", name: "-", nameAggr: "blocked", ip: null }, wep("dev", "server-0", "server-0")),
        tuple({ type: "hep", namespace: "-", name: "node-1", nameAggr: "node-1", ip: null }, wep("dev", "server-0", "server-0"), { proto: "udp", port: 53 }),
      ],
      ctx,
    );
    expect(r.connections.map((c) => c.connection.destination)).toContainEqual({ kind: "external", domain: "example.com" });
    expect(r.connections[1]?.connection.source).toEqual({ kind: "external", ip: "203.0.113.0" });
    expect(r.connections[2]?.connection).toMatchObject({ source: { kind: "endpoint", endpoint: node }, protocol: "UDP", port: 53 });
  });

  it("counts tuples whose pods are gone or whose network was aggregated away as unresolved", () => {
    const r = buildFlowConnections(
      [
        tuple(wep("dev", "gone-0", "gone-0"), wep("dev", "server-0", "server-0"), { records: 4 }),
        tuple(wep("dev", "server-0", "server-0"), { type: "net", namespace: "-", name: "-", nameAggr: "pvt", ip: null }, { records: 2 }),
        tuple(wep("dev", "server-0", "server-0"), wep("dev", "server-0", "server-0"), { proto: "gre", records: 1 }),
      ],
      ctx,
    );
    expect(r.connections).toEqual([]);
    expect(r.unresolvedRecords).toBe(7);
  });

  it("keeps ICMP without a port", () => {
    const r = buildFlowConnections([tuple(wep("dev", "server-0", "server-0"), wep("dev", "-", "client-7d9f8c6b5d-*"), { proto: "icmp", port: null })], ctx);
    expect(r.connections[0]?.connection).not.toHaveProperty("port");
    expect(r.connections[0]?.connection.protocol).toBe("ICMP");
  });
});
