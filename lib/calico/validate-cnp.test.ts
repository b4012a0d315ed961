import { describe, expect, it } from "vitest";
import { parseResources } from "@/lib/calico/validate";
import { toYaml } from "@/lib/calico/serialize";

const HEAD = "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: c\nspec:\n";
const errorsOf = (spec: string) => (parseResources(`${HEAD}${spec}`).documents[0]?.errors ?? []).map((e) => ({ path: e.path, message: e.message }));

const VALID = `  tier: Admin
  priority: 10
  subject:
    pods:
      namespaceSelector: {matchLabels: {env: prod}}
      podSelector: {matchExpressions: [{key: app, operator: In, values: [db]}]}
  ingress:
  - name: from dev
    action: Deny
    from:
    - namespaces: {matchLabels: {env: dev}}
    protocols:
    - tcp: {destinationPort: {number: 5432}}
    - udp: {destinationPort: {range: {start: 1000, end: 2000}}}
  egress:
  - action: Accept
    to:
    - networks: [10.0.0.0/8, "fd00::/8"]
    - domainNames: ["*.example.com"]
`;

describe("ClusterNetworkPolicy validation", () => {
  it("accepts a complete policy, cluster-scoped, and writes it back with its own apiVersion", () => {
    const [doc] = parseResources(`${HEAD}${VALID}`).documents;
    expect(doc?.errors).toEqual([]);
    expect(doc?.resource?.kind).toBe("ClusterNetworkPolicy");
    expect(doc?.resource?.metadata.namespace).toBeUndefined();
    const yaml = toYaml(doc?.resource ? [doc.resource] : []);
    expect(yaml.startsWith("apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\n")).toBe(true);
    expect(parseResources(yaml).documents[0]?.resource).toEqual(doc?.resource);
  });

  const cases: { name: string; spec: string; errors: { path: string; message: string }[] }[] = [
    { name: "missing tier, priority and subject", spec: "  ingress: []\n", errors: [
      { path: "spec.tier", message: "tier is required (Admin or Baseline)" },
      { path: "spec.priority", message: "priority is required (0 to 1000)" },
      { path: "spec.subject", message: "subject is required (namespaces or pods)" },
    ] },
    { name: "unknown tier", spec: "  tier: Developer\n  priority: 1\n  subject: {namespaces: {}}\n", errors: [{ path: "spec.tier", message: 'unsupported value "Developer": supported values are "Admin", "Baseline"' }] },
    { name: "priority out of range", spec: "  tier: Admin\n  priority: 1001\n  subject: {namespaces: {}}\n", errors: [{ path: "spec.priority", message: "priority 1001 is out of range: must be between 0 and 1000" }] },
    { name: "subject with both fields", spec: "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}, pods: {namespaceSelector: {}, podSelector: {}}}\n", errors: [{ path: "spec.subject", message: "only one of namespaces, pods may be set (found namespaces, pods)" }] },
    { name: "pods without podSelector", spec: "  tier: Admin\n  priority: 1\n  subject: {pods: {namespaceSelector: {}}}\n", errors: [{ path: "spec.subject.pods.podSelector", message: "podSelector is required" }] },
    { name: "Allow instead of Accept", spec: "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n  - action: Allow\n    from: [{namespaces: {}}]\n", errors: [{ path: "spec.ingress[0].action", message: 'unsupported value "Allow": supported values are "Accept", "Deny", "Pass"' }] },
    { name: "rule without peers", spec: "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  egress:\n  - action: Deny\n    to: []\n", errors: [{ path: "spec.egress[0].to", message: "to must list at least one peer" }] },
    { name: "networks in an ingress peer", spec: "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n  - action: Deny\n    from: [{networks: [10.0.0.0/8]}]\n", errors: [
      { path: "spec.ingress[0].from[0].networks", message: 'unknown field "spec.ingress[0].from[0].networks"' },
      { path: "spec.ingress[0].from[0]", message: "exactly one of namespaces, pods must be set" },
    ] },
    { name: "bad CIDR", spec: "  tier: Baseline\n  priority: 1\n  subject: {namespaces: {}}\n  egress:\n  - action: Deny\n    to: [{networks: [10.0.0.0/33]}]\n", errors: [{ path: "spec.egress[0].to[0].networks[0]", message: 'invalid CIDR "10.0.0.0/33"' }] },
    { name: "domainNames in a Deny rule", spec: "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  egress:\n  - action: Deny\n    to: [{domainNames: [example.com]}]\n", errors: [{ path: "spec.egress[0].to[0].domainNames", message: "domainNames peers are only supported in Accept rules" }] },
    { name: "port range reversed", spec: "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n    protocols: [{tcp: {destinationPort: {range: {start: 90, end: 80}}}}]\n", errors: [{ path: "spec.ingress[0].protocols[0].tcp.destinationPort.range", message: "start (90) must not be greater than end (80)" }] },
    { name: "protocol with two fields", spec: "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n  - action: Deny\n    from: [{namespaces: {}}]\n    protocols: [{tcp: {}, udp: {}}]\n", errors: [{ path: "spec.ingress[0].protocols[0]", message: "only one of tcp, udp, sctp, destinationNamedPort may be set (found tcp, udp)" }] },
    { name: "named port with networks", spec: "  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  egress:\n  - action: Accept\n    to: [{networks: [10.0.0.0/8]}]\n    protocols: [{destinationNamedPort: http}]\n", errors: [{ path: "spec.egress[0]", message: "networks/nodes/domainNames peers cannot be combined with destinationNamedPort (they have no named ports)" }] },
    { name: "bad label selector", spec: "  tier: Admin\n  priority: 1\n  subject: {namespaces: {matchExpressions: [{key: a, operator: In}]}}\n", errors: [{ path: "spec.subject.namespaces.matchExpressions[0].values", message: "must be specified when `operator` is 'In' or 'NotIn'" }] },
  ];
  it.each(cases)("refuses $name with field paths", ({ spec, errors }) => {
    expect(errorsOf(spec)).toEqual(errors);
  });

  it("refuses a namespace (cluster-scoped) and other kinds of the group", () => {
    expect(parseResources(`apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c, namespace: dev}\nspec:\n${VALID}`).documents[0]?.errors).toEqual([
      { path: "metadata.namespace", message: "namespace is not allowed: ClusterNetworkPolicy is cluster-scoped" },
    ]);
    expect(parseResources("apiVersion: policy.networking.k8s.io/v1alpha2\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec: {}\n").documents[0]?.errors).toEqual([
      { path: "kind", message: 'unsupported kind "AdminNetworkPolicy" for policy.networking.k8s.io/v1alpha2 (only ClusterNetworkPolicy)' },
    ]);
  });
});
