import { describe, expect, it } from "vitest";
import { parseResources, validateResource } from "@/lib/calico/validate";
import { SEED_FIXTURES, SEED_UNSUPPORTED_DPI } from "@/lib/calico/fixtures/seeds";

function errorsOf(yaml: string): { path: string; message: string }[] {
  const docs = parseResources(yaml).documents;
  expect(docs).toHaveLength(1);
  return docs[0]!.errors.map((e) => ({ path: e.path, message: e.message }));
}

const NP_HEAD = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata:
  name: p
  namespace: dev
spec:
`;

const GNP_HEAD = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: p
spec:
`;

describe("seed documents", () => {
  for (const fixture of SEED_FIXTURES) {
    it(`seed ${fixture.seed}: ${fixture.title} validates cleanly`, () => {
      const { documents } = parseResources(fixture.yaml);
      expect(documents.length).toBeGreaterThan(0);
      for (const doc of documents) {
        expect(doc.errors).toEqual([]);
        expect(doc.resource).toBeDefined();
      }
    });
  }

  it("refuses seed 002's DeepPacketInspection as a kind Palisade cannot act on", () => {
    expect(errorsOf(SEED_UNSUPPORTED_DPI)).toEqual([{ path: "kind", message: expect.stringContaining("DeepPacketInspection (projectcalico.org/v3) is a Calico kind Palisade cannot act on") }]);
  });
});

// Each case: a spec fragment (indented under `spec:`), the head to use, and the one expected error.
const INVALID: readonly { name: string; head: string; spec: string; path: string; message: string }[] = [
  { name: "reversed port range", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    protocol: TCP\n    destination:\n      ports: [80, '90:80']", path: "spec.ingress[0].destination.ports[1]", message: 'invalid port range "90:80": minimum port 90 is greater than maximum port 80' },
  { name: "port 0", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    protocol: TCP\n    destination:\n      ports: [0]", path: "spec.ingress[0].destination.ports[0]", message: "invalid port 0: port number must be between 1 and 65535" },
  { name: "port above 65535", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    protocol: TCP\n    destination:\n      ports: ['70000']", path: "spec.ingress[0].destination.ports[0]", message: 'invalid port "70000": port must be an integer between 1 and 65535' },
  { name: "bad named port", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    protocol: TCP\n    destination:\n      ports: [Http]", path: "spec.ingress[0].destination.ports[0]", message: 'invalid port name "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)' },
  { name: "ports without protocol", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    destination:\n      ports: [80]", path: "spec.ingress[0].destination.ports", message: "rules with numeric port or port range must set protocol to TCP, UDP or SCTP" },
  { name: "ports with ICMP", head: NP_HEAD, spec: "  egress:\n  - action: Allow\n    protocol: ICMP\n    source:\n      notPorts: [80]", path: "spec.egress[0].source.notPorts", message: "rules that specify ports must set protocol to TCP, UDP or SCTP" },
  { name: "lower-case protocol", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    protocol: tcp", path: "spec.ingress[0].protocol", message: 'protocol name invalid: "tcp" (must be one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite, case-sensitive, or a number 1-255)' },
  { name: "protocol 0", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    protocol: 0", path: "spec.ingress[0].protocol", message: "protocol number invalid: 0 (must be between 1 and 255)" },
  { name: "protocol 256", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    protocol: 256", path: "spec.ingress[0].protocol", message: "invalid protocol 256: protocol number must be between 1 and 255" },
  { name: "lower-case action", head: NP_HEAD, spec: "  ingress:\n  - action: allow", path: "spec.ingress[0].action", message: 'unsupported value "allow": supported values are "Allow", "Deny", "Pass", "Log"' },
  { name: "missing action", head: NP_HEAD, spec: "  ingress:\n  - protocol: TCP", path: "spec.ingress[0].action", message: "action is required" },
  { name: "icmp without protocol", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    icmp:\n      type: 8", path: "spec.ingress[0].icmp", message: "rules that specify ICMP fields must set protocol to ICMP or ICMPv6" },
  { name: "icmp type 255", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    protocol: ICMP\n    icmp:\n      type: 255", path: "spec.ingress[0].icmp.type", message: "invalid ICMP type 255: must be between 0 and 254" },
  { name: "icmp code without type", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    protocol: ICMP\n    icmp:\n      code: 0", path: "spec.ingress[0].icmp.code", message: "ICMP code specified without an ICMP type" },
  { name: "ICMP with ipVersion 6", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    protocol: ICMP\n    ipVersion: 6", path: "spec.ingress[0].ipVersion", message: "must set ipVersion to 4 with protocol ICMP" },
  { name: "ipVersion 5", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    ipVersion: 5", path: "spec.ingress[0].ipVersion", message: "invalid IP version 5: must be 4 or 6" },
  { name: "ipVersion vs CIDR", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    ipVersion: 6\n    source:\n      nets: [10.0.0.0/8]", path: "spec.ingress[0].source.nets", message: "rule IP version doesn't match CIDR version" },
  { name: "CIDR with host bits", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    source:\n      nets: [10.1.2.3/16]", path: "spec.ingress[0].source.nets[0]", message: 'invalid CIDR "10.1.2.3/16": host bits must be zero (did you mean "10.1.0.0/16"?)' },
  { name: "garbage CIDR", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    source:\n      nets: [10.0.0.0/33]", path: "spec.ingress[0].source.nets[0]", message: 'invalid CIDR "10.0.0.0/33"' },
  { name: "HTTP on Deny", head: NP_HEAD, spec: "  ingress:\n  - action: Deny\n    http:\n      methods: [GET]", path: "spec.ingress[0].http", message: "HTTP match is only valid on Allow rules" },
  { name: "HTTP on egress", head: NP_HEAD, spec: "  egress:\n  - action: Allow\n    http:\n      methods: [GET]", path: "spec.egress[0].http", message: "HTTP match is not allowed in egress rules" },
  { name: "HTTP path without slash", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    http:\n      paths:\n      - exact: foo", path: "spec.ingress[0].http.paths[0].exact", message: 'invalid path "foo": must start with "/" and not contain "?", "#" or spaces' },
  { name: "bad selector", head: NP_HEAD, spec: "  selector: app ==", path: "spec.selector", message: expect.stringContaining('invalid selector "app =="') as unknown as string },
  { name: "global() in policy selector", head: NP_HEAD, spec: "  selector: global()", path: "spec.selector", message: "global() can only be used in an EntityRule namespaceSelector" },
  { name: "global() combined", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    source:\n      namespaceSelector: global() && a == 'b'", path: "spec.ingress[0].source.namespaceSelector", message: "global() cannot be combined with other selectors" },
  { name: "unknown spec field", head: NP_HEAD, spec: "  foo: 1", path: "spec.foo", message: 'unknown field "spec.foo"' },
  { name: "doNotTrack on a namespaced policy", head: NP_HEAD, spec: "  doNotTrack: true", path: "spec.doNotTrack", message: 'unknown field "spec.doNotTrack"' },
  { name: "duplicate type", head: NP_HEAD, spec: "  types: [Ingress, Ingress]", path: "spec.types[1]", message: "'Ingress' type specified more than once" },
  { name: "bad type", head: NP_HEAD, spec: "  types: [ingress]", path: "spec.types[0]", message: 'unsupported value "ingress": supported values are "Ingress", "Egress"' },
  { name: "order is a string", head: NP_HEAD, spec: "  order: first", path: "spec.order", message: "must be a number, got string" },
  { name: "tier name with dot", head: NP_HEAD, spec: "  tier: a.b", path: "spec.tier", message: expect.stringContaining('invalid tier name "a.b"') as unknown as string },
  { name: "domains in ingress", head: NP_HEAD, spec: "  ingress:\n  - action: Allow\n    destination:\n      domains: [example.com]", path: "spec.ingress[0].destination.domains", message: "domains are only allowed in egress rules" },
  { name: "domains in source", head: NP_HEAD, spec: "  egress:\n  - action: Allow\n    source:\n      domains: [example.com]", path: "spec.egress[0].source.domains", message: "domains are only allowed in the destination of a rule" },
  { name: "domains on Deny", head: NP_HEAD, spec: "  egress:\n  - action: Deny\n    destination:\n      domains: [example.com]", path: "spec.egress[0].destination.domains", message: "domains are only allowed in Allow rules" },
  { name: "double wildcard domain", head: NP_HEAD, spec: "  egress:\n  - action: Allow\n    destination:\n      domains: ['*.*.com']", path: "spec.egress[0].destination.domains[0]", message: `invalid domain "*.*.com": at most one '*' is allowed` },
  { name: "services with selector", head: NP_HEAD, spec: "  egress:\n  - action: Allow\n    destination:\n      selector: a == 'b'\n      services:\n        name: svc", path: "spec.egress[0].destination.services", message: "cannot specify Selector/NotSelector and Services on the same rule" },
  { name: "preDNAT without applyOnForward", head: GNP_HEAD, spec: "  preDNAT: true", path: "spec.applyOnForward", message: "applyOnForward must be true when preDNAT or doNotTrack is true" },
  { name: "preDNAT with egress", head: GNP_HEAD, spec: "  preDNAT: true\n  applyOnForward: true\n  egress:\n  - action: Allow", path: "spec.egress", message: "a preDNAT policy cannot have egress rules" },
  { name: "global service without namespace", head: GNP_HEAD, spec: "  egress:\n  - action: Allow\n    destination:\n      services:\n        name: svc", path: "spec.egress[0].destination.services.namespace", message: "must specify a namespace (service names in a global policy are not namespaced)" },
];

describe("invalid documents: one error each, with path and reason", () => {
  for (const c of INVALID) {
    it(c.name, () => {
      expect(errorsOf(`${c.head}${c.spec}\n`)).toEqual([{ path: c.path, message: c.message }]);
    });
  }
});

describe("metadata rules", () => {
  it("a namespaced kind without namespace takes `default`, as kubectl and calicoctl do", () => {
    const [doc] = parseResources("apiVersion: projectcalico.org/v3\nkind: NetworkSet\nmetadata:\n  name: s\n").documents;
    expect(doc?.errors).toEqual([]);
    expect(doc?.namespace).toBe("default");
    expect(doc?.resource?.metadata.namespace).toBe("default");
    // validateResource leaves it for the caller (a REST write takes the URL's namespace).
    expect(validateResource({ kind: "NetworkSet", metadata: { name: "s" }, spec: {} }).resource?.metadata.namespace).toBeUndefined();
  });
  it("forbids a namespace for cluster-scoped kinds", () => {
    expect(errorsOf("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: t\n  namespace: x\n")).toEqual([{ path: "metadata.namespace", message: "namespace is not allowed: Tier is cluster-scoped" }]);
  });
  it("rejects a GlobalNetworkPolicy name with two dots", () => {
    const errors = errorsOf(`${GNP_HEAD.replace("name: p", "name: a.b.c")}  order: 1\n`);
    expect(errors).toEqual([{ path: "metadata.name", message: expect.stringContaining('invalid name "a.b.c"') }]);
  });
  it("accepts knp.default. names for namespaced policies only", () => {
    expect(errorsOf(`${NP_HEAD.replace("name: p", "name: knp.default.x.y")}  order: 1\n`)).toEqual([]);
  });
  it("rejects upper-case names and bad label keys", () => {
    const errors = errorsOf("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: Bad\n  labels:\n    'a/b/c': x\n");
    expect(errors.map((e) => e.path)).toEqual(["metadata.name", "metadata.labels.a/b/c"]);
  });
  it("requires the default tier to keep order 1000000", () => {
    expect(errorsOf("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: default\nspec:\n  order: 5\n")).toEqual([{ path: "spec.order", message: "default tier order must be 1000000" }]);
  });
  it("rejects a Tier defaultAction other than Deny or Pass", () => {
    expect(errorsOf("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: t\nspec:\n  defaultAction: Allow\n")).toEqual([{ path: "spec.defaultAction", message: 'unsupported value "Allow": supported values are "Deny", "Pass"' }]);
  });
});

describe("tier prefix rule (opt-in, Calico Enterprise / OSS 3.29.4-3.31)", () => {
  const policy = (name: string, tier?: string) => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec: tier === undefined ? {} : { tier } });
  it.each([
    ["security.foo", "security", true],
    ["foo", "security", false],
    ["platform.foo", "security", false],
    ["foo", undefined, true],
    ["default.foo", "default", true],
    ["security.foo", undefined, false],
  ] as const)("%s in tier %s valid=%s", (name, tier, valid) => {
    const r = validateResource(policy(name, tier), { requireTierPrefix: true });
    expect(r.errors.length === 0).toBe(valid);
  });
  it("is not enforced by default (current Calico Open Source)", () => {
    expect(validateResource(policy("foo", "security")).errors).toEqual([]);
  });
});

describe("multi-error documents", () => {
  it("reports every problem of one document", () => {
    const yaml = `${NP_HEAD}  selector: "a =="\n  types: [Sideways]\n  ingress:\n  - action: Nope\n    protocol: TCP\n    destination:\n      ports: ['9:1', 'x y']\n  bogus: true\n`;
    const paths = errorsOf(yaml).map((e) => e.path);
    expect(paths).toEqual(["spec.bogus", "spec.selector", "spec.types[0]", "spec.ingress[0].action", "spec.ingress[0].destination.ports[0]", "spec.ingress[0].destination.ports[1]"]);
  });
});

describe("Kubernetes NetworkPolicy", () => {
  const head = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\n  namespace: ns\nspec:\n";
  it.each([
    ["  policyTypes: [Ingress]\n", "spec.podSelector", "podSelector is required"],
    ["  podSelector: {}\n  ingress:\n  - ports:\n    - port: http\n      endPort: 90\n", "spec.ingress[0].ports[0].endPort", "invalid endPort 90: may not be specified when `port` is non-numeric"],
    ["  podSelector: {}\n  ingress:\n  - ports:\n    - port: 100\n      endPort: 90\n", "spec.ingress[0].ports[0].endPort", "invalid endPort 90: must be greater than or equal to `port` (100)"],
    ["  podSelector: {}\n  ingress:\n  - ports:\n    - endPort: 90\n", "spec.ingress[0].ports[0].endPort", "may not be specified when `port` is not specified"],
    ["  podSelector: {}\n  ingress:\n  - ports:\n    - protocol: ICMP\n", "spec.ingress[0].ports[0].protocol", 'unsupported value "ICMP": supported values are "TCP", "UDP", "SCTP"'],
    ["  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/16\n        except: [10.1.0.0/24]\n", "spec.egress[0].to[0].ipBlock.except[0]", 'invalid except "10.1.0.0/24": must be a strict subset of `cidr` (10.0.0.0/16)'],
    ["  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/16\n        except: [10.0.0.0/16]\n", "spec.egress[0].to[0].ipBlock.except[0]", 'invalid except "10.0.0.0/16": must be a strict subset of `cidr` (10.0.0.0/16)'],
    ["  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/16\n      podSelector: {}\n", "spec.egress[0].to[0]", "may not specify both ipBlock and another peer"],
    ["  podSelector: {}\n  egress:\n  - to:\n    - {}\n", "spec.egress[0].to[0]", "must specify a peer"],
    ["  podSelector:\n    matchExpressions:\n    - key: a\n      operator: In\n", "spec.podSelector.matchExpressions[0].values", "must be specified when `operator` is 'In' or 'NotIn'"],
    ["  podSelector: {}\n  policyTypes: [Ingress, Egress, Ingress]\n", "spec.policyTypes", "may not specify more than two policyTypes"],
  ])("%#: %s", (spec, path, message) => {
    expect(errorsOf(`${head}${spec}`)).toEqual([{ path, message }]);
  });
  it("normalises to kind KubernetesNetworkPolicy", () => {
    const doc = parseResources(`${head}  podSelector: {}\n`).documents[0];
    expect(doc?.kind).toBe("NetworkPolicy");
    expect(doc?.resource?.kind).toBe("KubernetesNetworkPolicy");
  });
});

describe("other kinds", () => {
  it("IPPool: block size, encapsulation exclusivity, masking", () => {
    const errors = errorsOf("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.0.1.5/24\n  blockSize: 19\n  ipipMode: Always\n  vxlanMode: CrossSubnet\n");
    expect(errors).toEqual([
      { path: "spec.vxlanMode", message: "ipipMode and vxlanMode cannot both be enabled" },
      { path: "spec.blockSize", message: "invalid blockSize 19: IPv4 block size must be between 20 and 32" },
      { path: "spec.cidr", message: "IP pool size is too small for use with Calico IPAM: the prefix must be /19 or shorter (the block size)" },
      { path: "spec.cidr", message: 'IP pool CIDR "10.0.1.5/24" is not strictly masked (did you mean "10.0.1.0/24"?)' },
    ]);
  });
  it("IPPool: IPv6 with IPIP and a pool smaller than its block", () => {
    const errors = errorsOf("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: fd00::/124\n  ipipMode: Always\n");
    expect(errors.map((e) => e.path)).toEqual(["spec.ipipMode", "spec.cidr"]);
  });
  it("GlobalAlert: required fields, enums and metric rules", () => {
    const errors = errorsOf("apiVersion: projectcalico.org/v3\nkind: GlobalAlert\nmetadata:\n  name: a\nspec:\n  severity: 101\n  dataSet: logs\n  metric: sum\n  period: 5 minutes\n");
    expect(errors).toEqual([
      { path: "spec.description", message: "description is required" },
      { path: "spec.severity", message: "invalid severity 101: must be between 1 and 100" },
      { path: "spec.period", message: 'invalid duration "5 minutes" (examples: "15s", "5m", "1h30m")' },
      { path: "spec.dataSet", message: 'unsupported value "logs": supported values are "audit", "dns", "flows", "l7", "vulnerability", "waf"' },
      { path: "spec.field", message: 'field is required when metric is "sum"' },
      { path: "spec.condition", message: "condition is required when metric is set" },
      { path: "spec.threshold", message: "threshold is required when metric is set" },
    ]);
  });
  it("HostEndpoint: node and interface or IPs are required", () => {
    const errors = errorsOf("apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: h\nspec:\n  ports:\n  - name: web\n    protocol: ICMP\n    port: 80\n");
    expect(errors.map((e) => e.path)).toEqual(["spec.node", "spec.interfaceName", "spec.ports[0].protocol"]);
  });
  it("FelixConfiguration: durations and aggregation kinds", () => {
    const errors = errorsOf("apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata:\n  name: default\nspec:\n  flowLogsFlushInterval: 15\n  flowLogsFileAggregationKindForAllowed: 4\n");
    expect(errors).toEqual([
      { path: "spec.flowLogsFlushInterval", message: "must be a string, got number" },
      { path: "spec.flowLogsFileAggregationKindForAllowed", message: "invalid aggregation kind 4: must be between 0 and 3" },
    ]);
  });
  it("NetworkSet: bad CIDR and bad domain", () => {
    const errors = errorsOf("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: s\nspec:\n  nets: [garbage, 10.0.0.1]\n  allowedEgressDomains: ['exa mple.com']\n");
    expect(errors.map((e) => e.path)).toEqual(["spec.nets[0]", "spec.allowedEgressDomains[0]"]);
  });
  it("staged Delete must carry nothing but its tier", () => {
    const errors = errorsOf("apiVersion: projectcalico.org/v3\nkind: StagedGlobalNetworkPolicy\nmetadata:\n  name: s\nspec:\n  stagedAction: Delete\n  tier: default\n  order: 5\n");
    expect(errors).toEqual([{ path: "spec", message: "spec fields, except tier, must all be empty when stagedAction is Delete" }]);
  });
});

describe("input forms", () => {
  it("reports YAML syntax errors with line and column and keeps going", () => {
    const { documents } = parseResources("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: a\n---\nkind: Tier\nmetadata:\n  name: [b\n  x: y\n---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: c\n");
    expect(documents.map((d) => d.errors.length === 0)).toEqual([true, false, true]);
    expect(documents[1]?.errors[0]?.message).toMatch(/^YAML syntax error at line \d+, column \d+: /);
    expect(documents[2]?.line).toBe(11);
  });
  it("accepts a JSON array, kind: List and kind: TierList", () => {
    const json = JSON.stringify([{ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "a" } }, { apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "b" } }]);
    expect(parseResources(json).documents.map((d) => d.name)).toEqual(["a", "b"]);
    const list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: projectcalico.org/v3\n  kind: Tier\n  metadata:\n    name: c\n- apiVersion: projectcalico.org/v3\n  kind: Tier\n  metadata:\n    name: d\n";
    const docs = parseResources(list).documents;
    expect(docs.map((d) => [d.name, d.line, d.index])).toEqual([["c", 4, 0], ["d", 8, 1]]);
    const tierList = JSON.stringify({ apiVersion: "projectcalico.org/v3", kind: "TierList", items: [{ apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "e" } }] });
    expect(parseResources(tierList).documents.map((d) => d.resource?.metadata.name)).toEqual(["e"]);
  });
  it("normalises crd.projectcalico.org/v1 and protocol numbers", () => {
    const v1 = "apiVersion: crd.projectcalico.org/v1\nkind: NetworkPolicy\nmetadata:\n  name: default.x\n  namespace: n\nspec:\n  tier: default\n  ingress:\n  - action: Allow\n    protocol: '6'\n";
    const doc = parseResources(v1).documents[0];
    expect(doc?.resource).toEqual({ kind: "NetworkPolicy", metadata: { name: "default.x", namespace: "n" }, spec: { tier: "default", ingress: [{ action: "Allow", protocol: 6 }] } });
  });
  it("rejects unsupported apiVersions and non-objects without throwing", () => {
    expect(errorsOf("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dmz\n")).toEqual([{ path: "apiVersion", message: expect.stringContaining('unsupported apiVersion "v1"') }]);
    expect(validateResource(42).errors).toEqual([{ path: "", message: "a resource must be an object, got number" }]);
    expect(validateResource({ kind: "Tier" }).errors).toEqual([{ path: "metadata", message: "metadata is required" }]);
  });
  it("accepts Palisade's own model form (no apiVersion)", () => {
    const r = validateResource({ kind: "KubernetesNetworkPolicy", metadata: { name: "a", namespace: "b" }, spec: { podSelector: {} } });
    expect(r.errors).toEqual([]);
  });
});

describe("null fields", () => {
  it("treats an empty `source:` / `destination:` (YAML null) as unset, as Kubernetes decoding does", () => {
    const text = [
      "apiVersion: projectcalico.org/v3",
      "kind: GlobalNetworkPolicy",
      "metadata:",
      "  name: security.pci",
      "spec:",
      "  tier: security",
      "  selector: all()",
      "  ingress:",
      "  - action: Pass",
      "    source:",
      "    destination:",
    ].join("\n");
    const [doc] = parseResources(text).documents;
    expect(doc?.errors).toEqual([]);
    const rule = doc?.resource?.kind === "GlobalNetworkPolicy" ? doc.resource.spec.ingress?.[0] : undefined;
    expect(rule).toEqual({ action: "Pass" });
  });
});

/** Parity with libcalico-go's validator (and the CRDs' validation rules) where they differed. */
describe("libcalico-go validator parity", () => {
  const STAGED = (spec: string) => `apiVersion: projectcalico.org/v3\nkind: StagedNetworkPolicy\nmetadata:\n  name: p\n  namespace: dev\nspec:\n${spec}`;
  const TIER = (name: string, spec: string) => `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
  const refused: { name: string; yaml: string; path: string; message: string }[] = [
    { name: "duplicate performanceHints", yaml: `${NP_HEAD}  performanceHints: [AssumeNeededOnEveryNode, AssumeNeededOnEveryNode]\n`, path: "spec.performanceHints[1]", message: 'duplicate value "AssumeNeededOnEveryNode"' },
    { name: "catch-all IPv4 notNets", yaml: `${NP_HEAD}  ingress:\n  - action: Allow\n    source: {notNets: [0.0.0.0/0]}\n`, path: "spec.ingress[0].source.notNets[0]", message: 'catch-all CIDR "0.0.0.0/0" in notNets creates a logical contradiction (matches no traffic)' },
    { name: "catch-all IPv6 notNets", yaml: `${NP_HEAD}  egress:\n  - action: Allow\n    destination: {notNets: ['::/0']}\n`, path: "spec.egress[0].destination.notNets[0]", message: 'catch-all CIDR "::/0" in notNets creates a logical contradiction (matches no traffic)' },
    { name: "numeric notPorts without protocol", yaml: `${NP_HEAD}  ingress:\n  - action: Allow\n    destination: {notPorts: ['80:90']}\n`, path: "spec.ingress[0].destination.notPorts", message: "rules with numeric port or port range must set protocol to TCP, UDP or SCTP" },
    { name: "kube-admin tier order", yaml: TIER("kube-admin", "  order: 5\n  defaultAction: Pass\n"), path: "spec.order", message: "kube-admin tier order must be 1000" },
    { name: "kube-admin tier default action", yaml: TIER("kube-admin", "  order: 1000\n"), path: "spec.defaultAction", message: "the 'kube-admin' tier must have default action 'Pass'" },
    { name: "kube-baseline tier order", yaml: TIER("kube-baseline", "  order: 100\n  defaultAction: Pass\n"), path: "spec.order", message: "kube-baseline tier order must be 10000000" },
    { name: "kube-baseline tier default action", yaml: TIER("kube-baseline", "  order: 10000000\n  defaultAction: Deny\n"), path: "spec.defaultAction", message: "the 'kube-baseline' tier must have default action 'Pass'" },
    { name: "default tier default action", yaml: TIER("default", "  order: 1000000\n  defaultAction: Pass\n"), path: "spec.defaultAction", message: "the 'default' tier must have default action 'Deny'" },
    { name: "unknown stagedAction", yaml: STAGED("  stagedAction: Maybe\n"), path: "spec.stagedAction", message: 'unsupported value "Maybe": supported values are "Set", "Delete", "Learn", "Ignore"' },
  ];
  it.each(refused)("refuses $name", ({ yaml, path, message }) => {
    expect(errorsOf(yaml)).toEqual([{ path, message }]);
  });

  const accepted: { name: string; yaml: string }[] = [
    { name: "an empty stagedAction (unset)", yaml: STAGED('  stagedAction: ""\n  selector: all()\n') },
    { name: "an empty stagedAction on a StagedKubernetesNetworkPolicy", yaml: 'apiVersion: projectcalico.org/v3\nkind: StagedKubernetesNetworkPolicy\nmetadata:\n  name: k\n  namespace: dev\nspec:\n  stagedAction: ""\n  podSelector: {}\n' },
    { name: "named ports without protocol", yaml: `${NP_HEAD}  ingress:\n  - action: Allow\n    destination: {ports: [http]}\n` },
    { name: "a non-catch-all notNets", yaml: `${NP_HEAD}  ingress:\n  - action: Allow\n    source: {notNets: [10.0.0.0/8]}\n` },
    { name: "the built-in tiers with their fixed values", yaml: `${TIER("kube-admin", "  order: 1000\n  defaultAction: Pass\n")}---\n${TIER("kube-baseline", "  order: 10000000\n  defaultAction: Pass\n")}---\n${TIER("default", "  order: 1000000\n")}` },
    { name: "a namespaced policy without namespace", yaml: "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  selector: all()\n" },
  ];
  it.each(accepted)("accepts $name", ({ yaml }) => {
    for (const doc of parseResources(yaml).documents) expect(doc.errors).toEqual([]);
  });
});

describe("kinds Palisade cannot act on", () => {
  it("refuses seed 002's DeepPacketInspection with a message saying why, not 'unsupported kind'", () => {
    const r = validateResource({ apiVersion: "projectcalico.org/v3", kind: "DeepPacketInspection", metadata: { name: "sample-dpi", namespace: "default" }, spec: { selector: 'app == "frontend"' } });
    expect(r.resource).toBeUndefined();
    expect(r.errors).toEqual([{ path: "kind", message: expect.stringMatching(/^DeepPacketInspection \(projectcalico\.org\/v3\) is a Calico kind Palisade cannot act on: .*; nothing was applied$/) }]);
  });
  it("still says unsupported for a kind it does not know", () => {
    const r = validateResource({ apiVersion: "projectcalico.org/v3", kind: "NoSuchKind", metadata: { name: "x" }, spec: {} });
    expect(r.errors[0]?.message).toContain('unsupported kind "NoSuchKind"');
  });
});
