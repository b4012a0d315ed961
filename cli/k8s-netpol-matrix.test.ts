/**
 * The Kubernetes e2e network-policy matrix (kubernetes test/e2e/network/netpol/), run through the
 * real `palisade simulate`: namespaces x, y, z (labels ns=<name> and kubernetes.io/metadata.name),
 * pods a, b, c in each (pod=<name>), ports 80 and 81 over TCP, UDP and SCTP with container ports
 * named serve-<port>-<protocol>.
 *
 * Every case judges all 72 ordered pairs of distinct pods (self-traffic is left out, as upstream
 * does: its semantics differ between CNIs, kubernetes#95879) on all six protocol/port
 * combinations, so a case also proves that what it should not touch stays allowed. The expected
 * table of each case is a predicate written from the NetworkPolicy API's rules, not from our
 * engine:
 * - a pod is isolated for a direction when some policy selecting it has that policyType
 *   (Ingress always; Egress when listed, or when policyTypes is omitted and egress rules exist);
 * - an isolated pod admits what any rule of any of those policies allows (union);
 * - a rule allows when a peer matches (peers OR; podSelector AND namespaceSelector inside one
 *   peer; a lone podSelector means the policy's namespace) and a port entry matches (protocol
 *   defaults to TCP; named ports resolve on the destination pod; endPort makes a range);
 * - a connection needs egress allowed at the source and ingress allowed at the destination.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { fixture, simulate } from "@/cli/test-harness";
import type { ProbeOut, ProbeSpec } from "@/cli/test-harness";

type Ns = "x" | "y" | "z";
type PodName = "a" | "b" | "c";
type L4 = "TCP" | "UDP" | "SCTP";
interface Pod {
  readonly ns: Ns;
  readonly pod: PodName;
  /** "x/a" */
  readonly id: string;
  readonly ip: string;
}
interface Traffic {
  readonly protocol: L4;
  readonly port: 80 | 81;
}
/** Whether `src` may open `traffic` to `dst` under the case's policies. */
type Expected = (src: Pod, dst: Pod, traffic: Traffic) => boolean;

interface MatrixCase {
  readonly name: string;
  /** Policy documents (YAML, `---` separated). */
  readonly policies: string;
  readonly expected: Expected;
  /** Extra labels for namespaces / pods (`"x/b"`) in this case's cluster. */
  readonly nsLabels?: Readonly<Partial<Record<Ns, Record<string, string>>>>;
  readonly podLabels?: Readonly<Record<string, Record<string, string>>>;
}

const NAMESPACES: readonly Ns[] = ["x", "y", "z"];
const POD_NAMES: readonly PodName[] = ["a", "b", "c"];
const PODS: readonly Pod[] = NAMESPACES.flatMap((ns, i) =>
  POD_NAMES.map((pod, j) => ({ ns, pod, id: `${ns}/${pod}`, ip: `10.10.${i}.${j + 1}` })),
);
const TRAFFIC: readonly Traffic[] = (["TCP", "UDP", "SCTP"] as const).flatMap((protocol) => [80, 81].map((port) => ({ protocol, port: port as 80 | 81 })));
const BASE_CLUSTER = readFileSync(fixture("netpol-cluster.yaml"), "utf8");

const tcp = (t: Traffic, port?: number) => t.protocol === "TCP" && (port === undefined || t.port === port);

/** The fixture cluster with extra labels, as a virtual JSON cluster file. */
function clusterFor(c: MatrixCase): string {
  if (c.nsLabels === undefined && c.podLabels === undefined) return fixture("netpol-cluster.yaml");
  const cluster = parseYaml(BASE_CLUSTER) as {
    namespaces: { name: Ns; labels: Record<string, string> }[];
    endpoints: { namespace: Ns; name: PodName; labels: Record<string, string> }[];
  }; // the fixture's shape, see cli/fixtures/netpol-cluster.yaml
  for (const ns of cluster.namespaces) Object.assign(ns.labels, c.nsLabels?.[ns.name] ?? {});
  for (const ep of cluster.endpoints) Object.assign(ep.labels, c.podLabels?.[`${ep.namespace}/${ep.name}`] ?? {});
  return `data:${toYaml(cluster)}`;
}

/** Runs one case and returns every pair whose verdict differs from the expected table. */
async function mismatches(c: MatrixCase): Promise<string[]> {
  const probes: ProbeSpec[] = [];
  const expected: boolean[] = [];
  for (const t of TRAFFIC) {
    for (const src of PODS) {
      for (const dst of PODS) {
        if (src.id === dst.id) continue;
        probes.push({ from: src.id, to: dst.id, protocol: t.protocol, port: t.port });
        expected.push(c.expected(src, dst, t));
      }
    }
  }
  const cluster = clusterFor(c);
  const results = cluster.startsWith("data:")
    ? await simulateWithVirtualCluster(cluster.slice(5), c.policies, probes)
    : await simulate(cluster, c.policies, probes);
  expect(results).toHaveLength(probes.length);
  return results.flatMap((r, i) => (r.allowed === expected[i] ? [] : [describeMismatch(r, expected[i] === true)]));
}

async function simulateWithVirtualCluster(clusterText: string, policies: string, probes: readonly ProbeSpec[]): Promise<ProbeOut[]> {
  const { runPalisade, stdoutJson } = await import("@/cli/test-harness");
  const run = await runPalisade(["simulate", "--cluster", "/v/cluster.yaml", "--policies", "/v/p.yaml", "--probes", "/v/probes.json"], {
    "/v/cluster.yaml": clusterText,
    "/v/p.yaml": policies,
    "/v/probes.json": JSON.stringify(probes),
  });
  if (run.code !== 0) throw new Error(`simulate exited ${run.code}: ${run.stderr}`);
  return stdoutJson<ProbeOut[]>(run);
}

function describeMismatch(r: ProbeOut, wanted: boolean): string {
  const side = (d: ProbeOut["egress"]) => (d === null ? "-" : `${d.action}(${d.reason}${d.policy === null ? "" : ` ${d.policy}`})`);
  return `${String(r.from)} -> ${String(r.to)} ${String(r.protocol)}/${String(r.port)}: expected ${wanted ? "allowed" : "denied"}, got egress ${side(r.egress)} ingress ${side(r.ingress)}`;
}

/** A Kubernetes NetworkPolicy document. */
function knp(namespace: Ns, name: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${spec.replace(/^/gm, "  ")}
`;
}

const CASES: readonly MatrixCase[] = [
  {
    name: "default-deny-ingress: every pod of x refuses all ingress",
    policies: knp("x", "deny-ingress", "podSelector: {}\npolicyTypes: [Ingress]"),
    expected: (_s, d) => d.ns !== "x",
  },
  {
    name: "default-deny-all: x neither sends nor receives",
    policies: knp("x", "deny-all", "podSelector: {}\npolicyTypes: [Ingress, Egress]"),
    expected: (s, d) => s.ns !== "x" && d.ns !== "x",
  },
  {
    name: "x/a admits only x/b (podSelector in the policy's namespace)",
    policies: knp("x", "x-a-allows-x-b", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - podSelector: {matchLabels: {pod: b}}"),
    expected: (s, d) => d.id !== "x/a" || s.id === "x/b",
  },
  {
    name: "deny-all ingress in x plus an allow-all ingress policy for x/a",
    policies: [
      knp("x", "deny-all", "podSelector: {}\npolicyTypes: [Ingress]"),
      knp("x", "allow-all-to-a", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - podSelector: {}\n    namespaceSelector: {}"),
    ].join("---\n"),
    expected: (_s, d) => d.ns !== "x" || d.pod === "a",
  },
  {
    name: "x/a admits pods of every namespace (empty namespaceSelector)",
    policies: knp("x", "allow-from-another-ns", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {}"),
    expected: () => true,
  },
  {
    name: "x/a admits only namespace y (namespaceSelector matchLabels on the metadata.name label)",
    policies: knp("x", "allow-client-a-via-ns-selector", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}"),
    expected: (s, d) => d.id !== "x/a" || s.ns === "y",
  },
  {
    name: "podSelector with matchExpressions pod In [b]",
    policies: knp("x", "x-a-allows-x-b", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - podSelector:\n      matchExpressions: [{key: pod, operator: In, values: [b]}]"),
    expected: (s, d) => d.id !== "x/a" || s.id === "x/b",
  },
  {
    name: "namespaceSelector with matchExpressions ns In [y]",
    policies: knp("x", "allow-ns-y-match-selector", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector:\n      matchExpressions: [{key: ns, operator: In, values: [y]}]"),
    expected: (s, d) => d.id !== "x/a" || s.ns === "y",
  },
  {
    name: "two peers are OR: namespaces other than x, or pod b of x",
    policies: knp(
      "x",
      "allow-ns-y-match-selector",
      "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector:\n      matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]\n  - podSelector: {matchLabels: {pod: b}}",
    ),
    expected: (s, d) => d.id !== "x/a" || s.ns !== "x" || s.pod === "b",
  },
  {
    name: "one peer with both selectors is AND: pod b in namespaces other than x",
    policies: knp(
      "x",
      "allow-ns-y-podselector-and-nsselector",
      "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector:\n      matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]\n    podSelector: {matchLabels: {pod: b}}",
    ),
    expected: (s, d) => d.id !== "x/a" || (s.ns !== "x" && s.pod === "b"),
  },
  {
    name: "AND with multiple values: pods b or c in namespaces other than x",
    policies: knp(
      "x",
      "allow-ns-y-z-pod-b-c",
      "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector:\n      matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}]\n    podSelector:\n      matchExpressions: [{key: pod, operator: In, values: [b, c]}]",
    ),
    expected: (s, d) => d.id !== "x/a" || (s.ns !== "x" && s.pod !== "a"),
  },
  {
    name: "two podSelector peers: pods b and c of x only",
    policies: knp("x", "allow-ns-x-pod-b-c", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - podSelector: {matchLabels: {pod: b}}\n  - podSelector: {matchLabels: {pod: c}}"),
    expected: (s, d) => d.id !== "x/a" || (s.ns === "x" && (s.pod === "b" || s.pod === "c")),
  },
  {
    name: "only y/a reaches x/a (namespace and pod selectors in one peer)",
    policies: knp(
      "x",
      "allow-ns-y-pod-a-via-namespace-pod-selector",
      "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}\n    podSelector: {matchLabels: {pod: a}}",
    ),
    expected: (s, d) => d.id !== "x/a" || s.id === "y/a",
  },
  {
    name: "ports: namespace y may reach x/a on TCP 81 only",
    policies: knp("x", "allow-port-81", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}\n  ports:\n  - {port: 81, protocol: TCP}"),
    expected: (s, d, t) => d.id !== "x/a" || (s.ns === "y" && tcp(t, 81)),
  },
  {
    name: "stacked policies on x/a add up: y on TCP 81 and on TCP 80",
    policies: [
      knp("x", "allow-port-81", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}\n  ports:\n  - {port: 81, protocol: TCP}"),
      knp("x", "allow-port-80", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}\n  ports:\n  - {port: 80, protocol: TCP}"),
    ].join("---\n"),
    expected: (s, d, t) => d.id !== "x/a" || (s.ns === "y" && tcp(t)),
  },
  {
    name: "allow-all: an empty ingress rule admits everything",
    policies: knp("x", "allow-all", "podSelector: {}\ningress:\n- {}"),
    expected: () => true,
  },
  {
    name: "named port: x admits only the port named serve-81-tcp",
    policies: knp("x", "allow-all", "podSelector: {}\ningress:\n- ports:\n  - port: serve-81-tcp"),
    expected: (_s, d, t) => d.ns !== "x" || tcp(t, 81),
  },
  {
    name: "named port with namespace: y reaches x/a on serve-80-tcp only",
    policies: knp(
      "x",
      "allow-client-a-via-ns-selector-80",
      "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}\n  ports:\n  - {port: serve-80-tcp, protocol: TCP}",
    ),
    expected: (s, d, t) => d.id !== "x/a" || (s.ns === "y" && tcp(t, 80)),
  },
  {
    name: "named UDP port: x/a admits serve-80-udp over UDP only",
    policies: knp("x", "allow-udp-80-by-name", "podSelector: {matchLabels: {pod: a}}\ningress:\n- ports:\n  - {port: serve-80-udp, protocol: UDP}"),
    expected: (_s, d, t) => d.id !== "x/a" || (t.protocol === "UDP" && t.port === 80),
  },
  {
    name: "a named port under the wrong protocol matches nothing (serve-80-udp as TCP)",
    policies: knp("x", "mismatched-named-port", "podSelector: {matchLabels: {pod: a}}\ningress:\n- ports:\n  - {port: serve-80-udp, protocol: TCP}"),
    expected: (_s, d) => d.id !== "x/a",
  },
  {
    name: "egress on a named port: x sends only to serve-80-tcp",
    policies: knp("x", "allow-egress", "podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports:\n  - port: serve-80-tcp"),
    expected: (s, _d, t) => s.ns !== "x" || tcp(t, 80),
  },
  {
    name: "a policy selecting no pod changes nothing",
    policies: knp("x", "deny-ingress-via-label-selector", "podSelector: {matchLabels: {target: isolated}}\npolicyTypes: [Ingress]"),
    expected: () => true,
  },
  {
    name: "the same policy isolates x/a once x/a carries target=isolated",
    policies: knp("x", "deny-ingress-via-label-selector", "podSelector: {matchLabels: {target: isolated}}\npolicyTypes: [Ingress]"),
    podLabels: { "x/a": { target: "isolated" } },
    expected: (_s, d) => d.id !== "x/a",
  },
  {
    name: "a namespace label the selector wants is missing: x/a admits nobody",
    policies: knp("x", "allow-client-a-via-ns-selector", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {ns2: updated}}"),
    expected: (_s, d) => d.id !== "x/a",
  },
  {
    name: "once namespace y carries ns2=updated, y reaches x/a",
    policies: knp("x", "allow-client-a-via-ns-selector", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {ns2: updated}}"),
    nsLabels: { y: { ns2: "updated" } },
    expected: (s, d) => d.id !== "x/a" || s.ns === "y",
  },
  {
    name: "a pod label the selector wants is missing: x/a admits nobody",
    policies: knp("x", "allow-client-a-via-pod-selector", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - podSelector: {matchLabels: {pod: b, pod2: updated}}"),
    expected: (_s, d) => d.id !== "x/a",
  },
  {
    name: "once x/b carries pod2=updated, x/b reaches x/a",
    policies: knp("x", "allow-client-a-via-pod-selector", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - podSelector: {matchLabels: {pod: b, pod2: updated}}"),
    podLabels: { "x/b": { pod2: "updated" } },
    expected: (s, d) => d.id !== "x/a" || s.id === "x/b",
  },
  {
    name: "empty podSelector peer: x admits only its own pods",
    policies: knp("x", "deny-empty-policy", "podSelector: {}\ningress:\n- from:\n  - podSelector: {}"),
    expected: (s, d) => d.ns !== "x" || s.ns === "x",
  },
  {
    name: "deny egress of x/a",
    policies: knp("x", "deny-egress-pod-a", "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]"),
    expected: (s) => s.id !== "x/a",
  },
  {
    name: "deny egress of every pod of x",
    policies: knp("x", "deny-egress-ns-x", "podSelector: {}\npolicyTypes: [Egress]"),
    expected: (s) => s.ns !== "x",
  },
  {
    name: "ingress and egress together on x/a: in from x/b, out on port 80 (TCP by default)",
    policies: knp(
      "x",
      "allow-client-a-via-pod-selector",
      "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress, Ingress]\ningress:\n- from:\n  - podSelector: {matchLabels: {pod: b}}\negress:\n- ports:\n  - port: 80",
    ),
    expected: (s, d, t) => (d.id !== "x/a" || s.id === "x/b") && (s.id !== "x/a" || tcp(t, 80)),
  },
  {
    name: "egress denial at the client wins over ingress allowed at the server",
    policies: [
      knp("x", "allow-to-ns-y-pod-a", "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}\n    podSelector: {matchLabels: {pod: a}}"),
      knp("y", "allow-from-xa-on-ya", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}\n    podSelector: {matchLabels: {pod: a}}"),
      knp("y", "allow-from-xa-on-yb", "podSelector: {matchLabels: {pod: b}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}\n    podSelector: {matchLabels: {pod: a}}"),
    ].join("---\n"),
    expected: (s, d) => (s.id !== "x/a" || d.id === "y/a") && ((d.id !== "y/a" && d.id !== "y/b") || s.id === "x/a"),
  },
  {
    name: "egress of x/a only to y/a (namespace and pod selectors in one peer)",
    policies: knp("x", "allow-to-ns-y-pod-a", "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}\n    podSelector: {matchLabels: {pod: a}}"),
    expected: (s, d) => s.id !== "x/a" || d.id === "y/a",
  },
  {
    name: "protocol without port: x/a admits TCP on any port",
    policies: knp("x", "allow-ingress-by-proto", "podSelector: {matchLabels: {pod: a}}\ningress:\n- ports:\n  - protocol: TCP"),
    expected: (_s, d, t) => d.id !== "x/a" || t.protocol === "TCP",
  },
  {
    name: "a port-80 ingress policy alone blocks 81 and other protocols into x",
    policies: knp("x", "allow-ingress-port-80", "podSelector: {}\ningress:\n- ports:\n  - port: 80"),
    expected: (_s, d, t) => d.ns !== "x" || tcp(t, 80),
  },
  {
    name: "an allow-all ingress policy next to a port-80 one opens everything",
    policies: [knp("x", "allow-ingress-port-80", "podSelector: {}\ningress:\n- ports:\n  - port: 80"), knp("x", "allow-ingress", "podSelector: {}\ningress:\n- {}")].join("---\n"),
    expected: () => true,
  },
  {
    name: "a port-80 egress policy alone blocks everything else out of x",
    policies: knp("x", "allow-egress-port-80", "podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports:\n  - port: 80"),
    expected: (s, _d, t) => s.ns !== "x" || tcp(t, 80),
  },
  {
    name: "an allow-all egress policy next to a port-80 one opens everything",
    policies: [knp("x", "allow-egress-port-80", "podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports:\n  - port: 80"), knp("x", "allow-egress", "podSelector: {}\npolicyTypes: [Egress]\negress:\n- {}")].join("---\n"),
    expected: () => true,
  },
  {
    name: "egress to a /32 ipBlock: x/a reaches only y/b",
    policies: knp("x", "allow-client-a-via-cidr-egress-rule", "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 10.10.1.2/32}"),
    expected: (s, d) => s.id !== "x/a" || d.id === "y/b",
  },
  {
    name: "ipBlock except: x/a reaches the /16 around x/b but not x/b",
    policies: knp("x", "allow-client-a-via-cidr-egress-rule", "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 10.10.0.0/16, except: [10.10.0.2/32]}"),
    expected: (s, d) => s.id !== "x/a" || d.id !== "x/b",
  },
  {
    name: "an address in both CIDR and except of one policy is allowed by another policy's CIDR",
    policies: [
      knp("x", "allow-cidr-except-b", "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 10.10.0.0/16, except: [10.10.0.2/32]}"),
      knp("x", "allow-b-only", "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 10.10.0.2/32}"),
    ].join("---\n"),
    expected: () => true,
  },
  {
    name: "the /32-only policy on its own: x/a reaches only x/b",
    policies: knp("x", "allow-b-only", "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock: {cidr: 10.10.0.2/32}"),
    expected: (s, d) => s.id !== "x/a" || d.id === "x/b",
  },
  {
    name: "ingress ipBlock with except: x/a admits namespace y's /24 but not y/c",
    policies: knp("x", "allow-from-y-cidr", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - ipBlock: {cidr: 10.10.1.0/24, except: [10.10.1.3/32]}"),
    expected: (s, d) => d.id !== "x/a" || (s.ns === "y" && s.pod !== "c"),
  },
  {
    name: "egress and ingress controlled independently on x/a",
    policies: [
      knp("x", "allow-egress-for-target", "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- {}"),
      knp("x", "deny-ingress-via-label-selector", "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Ingress]"),
    ].join("---\n"),
    expected: (_s, d) => d.id !== "x/a",
  },
  {
    name: "SCTP is not TCP: deny-ingress in x plus SCTP 81 to x/a",
    policies: [
      knp("x", "deny-ingress", "podSelector: {}\npolicyTypes: [Ingress]"),
      knp("x", "allow-only-sctp-ingress-on-port-81", "podSelector: {matchLabels: {pod: a}}\ningress:\n- ports:\n  - {port: 81, protocol: SCTP}"),
    ].join("---\n"),
    expected: (_s, d, t) => d.ns !== "x" || (d.pod === "a" && t.protocol === "SCTP" && t.port === 81),
  },
  {
    name: "an SCTP-only policy still isolates x/a for TCP and UDP",
    policies: knp("x", "allow-only-sctp-ingress-on-port-80", "podSelector: {matchLabels: {pod: a}}\ningress:\n- ports:\n  - {port: 80, protocol: SCTP}"),
    expected: (_s, d, t) => d.id !== "x/a" || (t.protocol === "SCTP" && t.port === 80),
  },
  {
    name: "a UDP-only policy does not admit TCP",
    policies: knp("x", "allow-only-udp-ingress-on-port-81", "podSelector: {matchLabels: {pod: a}}\ningress:\n- ports:\n  - {port: 81, protocol: UDP}"),
    expected: (_s, d, t) => d.id !== "x/a" || (t.protocol === "UDP" && t.port === 81),
  },
  {
    name: "egress namespaceSelector NotIn [y] on the metadata.name label",
    policies: knp(
      "x",
      "allow-ns-y-match-selector-for-immutable-ns-label",
      "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - namespaceSelector:\n      matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [y]}]",
    ),
    expected: (s, d) => s.id !== "x/a" || d.ns !== "y",
  },
  {
    name: "endPort: y reaches x/a on TCP 80 through 81",
    policies: knp("x", "allow-port-range", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {ns: y}}\n  ports:\n  - {protocol: TCP, port: 80, endPort: 81}"),
    expected: (s, d, t) => d.id !== "x/a" || (s.ns === "y" && tcp(t)),
  },
  {
    name: "endPort range 81-90 leaves port 80 out",
    policies: knp("x", "allow-port-range", "podSelector: {matchLabels: {pod: a}}\ningress:\n- ports:\n  - {protocol: TCP, port: 81, endPort: 90}"),
    expected: (_s, d, t) => d.id !== "x/a" || tcp(t, 81),
  },
  {
    name: "egress endPort over UDP: x sends UDP 81-90 only",
    policies: knp("x", "egress-udp-range", "podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports:\n  - {protocol: UDP, port: 81, endPort: 90}"),
    expected: (s, _d, t) => s.ns !== "x" || (t.protocol === "UDP" && t.port === 81),
  },
  {
    name: "policyTypes [Egress] ignores the ingress rules it carries",
    policies: knp("x", "egress-only", "podSelector: {}\npolicyTypes: [Egress]\ningress:\n- from:\n  - podSelector: {matchLabels: {pod: nobody}}\negress:\n- to:\n  - namespaceSelector: {matchLabels: {ns: z}}"),
    expected: (s, d) => s.ns !== "x" || d.ns === "z",
  },
  {
    name: "policyTypes omitted with egress rules: both directions are isolated",
    policies: knp("x", "implicit-types", "podSelector: {matchLabels: {pod: b}}\ningress:\n- from:\n  - podSelector: {matchLabels: {pod: a}}\negress:\n- to:\n  - podSelector: {matchLabels: {pod: c}}"),
    expected: (s, d) => (d.id !== "x/b" || s.id === "x/a") && (s.id !== "x/b" || d.id === "x/c"),
  },
  {
    name: "egress to namespace z over UDP on any port",
    policies: knp("x", "udp-to-z", "podSelector: {matchLabels: {pod: a}}\npolicyTypes: [Egress]\negress:\n- to:\n  - namespaceSelector: {matchLabels: {ns: z}}\n  ports:\n  - protocol: UDP"),
    expected: (s, d, t) => s.id !== "x/a" || (d.ns === "z" && t.protocol === "UDP"),
  },
  {
    name: "a pod peer and an ipBlock peer in one rule are OR",
    policies: knp("x", "pod-or-cidr", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - podSelector: {matchLabels: {pod: c}}\n  - ipBlock: {cidr: 10.10.2.0/24}"),
    expected: (s, d) => d.id !== "x/a" || s.id === "x/c" || s.ns === "z",
  },
  {
    name: "namespaceSelector In [y, z] with podSelector NotIn [a]",
    policies: knp(
      "x",
      "in-notin",
      "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector:\n      matchExpressions: [{key: ns, operator: In, values: [y, z]}]\n    podSelector:\n      matchExpressions: [{key: pod, operator: NotIn, values: [a]}]",
    ),
    expected: (s, d) => d.id !== "x/a" || (s.ns !== "x" && s.pod !== "a"),
  },
  {
    name: "Exists and DoesNotExist on namespace labels",
    policies: knp(
      "x",
      "exists",
      "podSelector: {}\ningress:\n- from:\n  - namespaceSelector:\n      matchExpressions: [{key: team, operator: Exists}, {key: legacy, operator: DoesNotExist}]",
    ),
    nsLabels: { y: { team: "blue", legacy: "true" }, z: { team: "red" } },
    expected: (s, d) => d.ns !== "x" || s.ns === "z",
  },
  {
    name: "policies in two namespaces: x admits only y, y admits only x",
    policies: [
      knp("x", "from-y", "podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {ns: y}}"),
      knp("y", "from-x", "podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {ns: x}}"),
    ].join("---\n"),
    expected: (s, d) => (d.ns !== "x" || s.ns === "y") && (d.ns !== "y" || s.ns === "x"),
  },
];

describe("Kubernetes e2e network-policy matrix through palisade simulate", () => {
  it("has a well-formed model: 9 pods, 72 ordered pairs, 6 protocol/port combinations", () => {
    expect(PODS).toHaveLength(9);
    expect(TRAFFIC).toHaveLength(6);
  });

  it("with no policy at all, every pair is allowed on every protocol and port", async () => {
    expect(await mismatches({ name: "no policies", policies: "", expected: () => true })).toEqual([]);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      expect(await mismatches(c)).toEqual([]);
    });
  }
});

describe("Kubernetes NetworkPolicy peers against addresses outside the cluster", () => {
  const external = "203.0.113.7";
  const run = (policies: string, probes: ProbeSpec[]) => simulate(fixture("netpol-cluster.yaml"), policies, probes);

  it("an empty namespaceSelector selects pods only, never outside addresses", async () => {
    const [fromOutside, fromPod] = await run(knp("x", "from-all-namespaces", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - namespaceSelector: {}"), [
      { from: { ip: external }, to: "x/a", protocol: "TCP", port: 80 },
      { from: "z/c", to: "x/a", protocol: "TCP", port: 80 },
    ]);
    expect(fromOutside?.allowed).toBe(false);
    expect(fromPod?.allowed).toBe(true);
  });

  it("ipBlock 0.0.0.0/0 admits outside addresses, and a missing from admits everything", async () => {
    const results = await run(
      [
        knp("x", "from-anywhere", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - ipBlock: {cidr: 0.0.0.0/0}"),
        knp("x", "all-to-b", "podSelector: {matchLabels: {pod: b}}\ningress:\n- {}"),
        knp("x", "deny-c", "podSelector: {matchLabels: {pod: c}}\npolicyTypes: [Ingress]"),
      ].join("---\n"),
      [
        { from: { ip: external }, to: "x/a", protocol: "TCP", port: 80 },
        { from: { ip: external }, to: "x/b", protocol: "UDP", port: 81 },
        { from: { ip: external }, to: "x/c", protocol: "TCP", port: 80 },
      ],
    );
    expect(results.map((r) => r.allowed)).toEqual([true, true, false]);
    // Nothing enforces egress at an outside source.
    expect(results.every((r) => r.egress === null)).toBe(true);
  });

  it("egress deny-all stops traffic to the internet; other namespaces still get out", async () => {
    const results = await run(knp("x", "deny-egress", "podSelector: {}\npolicyTypes: [Egress]"), [
      { from: "x/a", to: { ip: "8.8.8.8" }, protocol: "UDP", port: 53 },
      { from: "y/a", to: { ip: "8.8.8.8" }, protocol: "UDP", port: 53 },
    ]);
    expect(results.map((r) => r.allowed)).toEqual([false, true]);
    expect(results.every((r) => r.ingress === null)).toBe(true);
  });

  it("an egress named port matches nothing outside the cluster (no pod names the port there)", async () => {
    const [toOutside, toPod] = await run(knp("x", "named-egress", "podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports:\n  - port: serve-80-tcp"), [
      { from: "x/a", to: { ip: external }, protocol: "TCP", port: 80 },
      { from: "x/a", to: "y/c", protocol: "TCP", port: 80 },
    ]);
    expect(toOutside?.allowed).toBe(false);
    expect(toPod?.allowed).toBe(true);
  });

  it("a probe by pod address is judged as that pod", async () => {
    const [byIp] = await run(knp("x", "x-a-allows-x-b", "podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - podSelector: {matchLabels: {pod: b}}"), [
      { from: { ip: "10.10.0.2" }, to: { ip: "10.10.0.1" }, protocol: "TCP", port: 80 },
    ]);
    expect(byIp?.allowed).toBe(true);
    expect(byIp?.ingress?.policy).toBe("knp.default.x-a-allows-x-b");
  });
});
