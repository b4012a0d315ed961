import { describe, expect, it } from "vitest";
import { dropUnknownFields, duplicateJsonFields, parseFieldValidation, strictDecodingMessage, strictFieldErrors, warningHeaderValue } from "@/lib/k8s-api/field-validation";
import { ref } from "@/lib/k8s-api/schema";
import { DEFINITIONS, definitionNameOf } from "@/lib/k8s-api/schemas";

const gnp = ref(definitionNameOf("projectcalico.org", "v3", "GlobalNetworkPolicy") ?? "");
const pod = ref(definitionNameOf("", "v1", "Pod") ?? "");

describe("fieldValidation parameter", () => {
  it("defaults to Warn and refuses other values with upstream's message", () => {
    expect(parseFieldValidation(new URLSearchParams(""))).toEqual({ ok: true, value: "Warn" });
    expect(parseFieldValidation(new URLSearchParams("fieldValidation="))).toEqual({ ok: true, value: "Warn" });
    expect(parseFieldValidation(new URLSearchParams("fieldValidation=Strict"))).toEqual({ ok: true, value: "Strict" });
    expect(parseFieldValidation(new URLSearchParams("fieldValidation=Ignore"))).toEqual({ ok: true, value: "Ignore" });
    expect(parseFieldValidation(new URLSearchParams("fieldValidation=strict"))).toEqual({ ok: false, error: 'fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"' });
  });
});

describe("unknown fields", () => {
  it("finds them at every depth with upstream's paths and drops them", () => {
    const body = {
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "x", labels: { anything: "goes" }, bogus: 1 },
      spec: { selector: "all()", foo: 1, ingress: [{ action: "Allow" }, { action: "Deny", source: { nets: ["10.0.0.0/8"], colour: "red" } }] },
    };
    const r = dropUnknownFields(body, gnp, DEFINITIONS);
    expect(r.unknown).toEqual(["metadata.bogus", "spec.foo", "spec.ingress[1].source.colour"]);
    expect(r.value).toEqual({
      apiVersion: "projectcalico.org/v3",
      kind: "GlobalNetworkPolicy",
      metadata: { name: "x", labels: { anything: "goes" } },
      spec: { selector: "all()", ingress: [{ action: "Allow" }, { action: "Deny", source: { nets: ["10.0.0.0/8"] } }] },
    });
  });
  it("keeps fields of objects Palisade does not model (Pod status, nested Pod structures) but checks the ones it does", () => {
    const body = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { restartPolicy: "Always", containers: [{ name: "c", image: "i", resources: { limits: { cpu: "1" }, anything: 1 } }] }, status: { hostIP: "10.0.0.1", qosClass: "BestEffort" }, bogus: true };
    const r = dropUnknownFields(body, pod, DEFINITIONS);
    expect(r.unknown).toEqual(["bogus"]);
    expect((r.value as { spec: unknown }).spec).toEqual(body.spec);
  });
  it("checks PodSpec and Container, which list every upstream field", () => {
    const spec = {
      volumes: [], initContainers: [], containers: [{ name: "c", image: "i", command: ["sh"], args: [], workingDir: "/", ports: [], envFrom: [], env: [], resources: {}, resizePolicy: [], restartPolicy: "Always", volumeMounts: [], volumeDevices: [], livenessProbe: {}, readinessProbe: {}, startupProbe: {}, lifecycle: {}, terminationMessagePath: "/t", terminationMessagePolicy: "File", imagePullPolicy: "Always", securityContext: {}, stdin: false, stdinOnce: false, tty: false, imagePullPolicyy: "x" }],
      ephemeralContainers: [], restartPolicy: "Always", terminationGracePeriodSeconds: 30, activeDeadlineSeconds: 1, dnsPolicy: "ClusterFirst", nodeSelector: {}, serviceAccountName: "s", serviceAccount: "s", automountServiceAccountToken: true, nodeName: "n", hostNetwork: false, hostPID: false, hostIPC: false, shareProcessNamespace: false, securityContext: {}, imagePullSecrets: [], hostname: "h", subdomain: "d", affinity: {}, schedulerName: "default-scheduler", tolerations: [], hostAliases: [], priorityClassName: "p", priority: 0, dnsConfig: {}, readinessGates: [], runtimeClassName: "r", enableServiceLinks: true, preemptionPolicy: "Never", overhead: {}, topologySpreadConstraints: [], setHostnameAsFQDN: false, os: { name: "linux" }, hostUsers: true, schedulingGates: [], resourceClaims: [], resources: {},
      restartPolicyy: "Never",
    };
    expect(dropUnknownFields({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec }, pod, DEFINITIONS).unknown).toEqual(["spec.containers[0].imagePullPolicyy", "spec.restartPolicyy"]);
  });
  it("checks container and Service ports, which list every upstream field", () => {
    const body = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", ports: [{ containerPort: 80, protocol: "TCP", hostPort: 8080, hostIP: "10.0.0.1", name: "http", prot: "UDP" }] }] } };
    expect(dropUnknownFields(body, pod, DEFINITIONS).unknown).toEqual(["spec.containers[0].ports[0].prot"]);
    const svc = ref(definitionNameOf("", "v1", "Service") ?? "");
    const service = { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { sessionAffinity: "None", ports: [{ name: "h2", port: 80, targetPort: "http", protocol: "TCP", appProtocol: "kubernetes.io/h2c", nodePort: 30080, tagetPort: 8080 }] } };
    expect(dropUnknownFields(service, svc, DEFINITIONS).unknown).toEqual(["spec.ports[0].tagetPort"]);
    // ServiceSpec lists every upstream field too.
    const full = { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { type: "LoadBalancer", clusterIP: "10.0.0.1", clusterIPs: ["10.0.0.1"], externalIPs: [], externalName: "x", sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 10 } }, loadBalancerIP: "", loadBalancerSourceRanges: [], loadBalancerClass: "c", allocateLoadBalancerNodePorts: true, externalTrafficPolicy: "Local", internalTrafficPolicy: "Cluster", healthCheckNodePort: 30000, publishNotReadyAddresses: false, ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", trafficDistribution: "PreferClose", selector: { app: "a" }, ports: [], topologyKeys: ["x"] } };
    expect(dropUnknownFields(full, svc, DEFINITIONS).unknown).toEqual(["spec.topologyKeys"]);
  });
  it("leaves values of the wrong type to the validator", () => {
    expect(dropUnknownFields({ spec: "not an object" }, gnp, DEFINITIONS).unknown).toEqual([]);
  });
});

describe("duplicate fields", () => {
  it("reports keys repeated in one object, with their paths", () => {
    expect(duplicateJsonFields('{"a":1,"spec":{"order":1,"x":[{"k":1,"k":2}],"order":2},"a":"s\\"}"}')).toEqual(["spec.x[0].k", "spec.order", "a"]);
    expect(duplicateJsonFields('{"a":{"b":1},"c":{"b":2}}')).toEqual([]);
    expect(duplicateJsonFields("[]")).toEqual([]);
  });
});

describe("messages", () => {
  it("words errors and warnings as the apiserver does", () => {
    const errors = strictFieldErrors(["spec.foo"], ["spec.order"]);
    expect(errors).toEqual(['duplicate field "spec.order"', 'unknown field "spec.foo"']);
    expect(strictDecodingMessage(errors)).toBe('strict decoding error: duplicate field "spec.order", unknown field "spec.foo"');
    expect(warningHeaderValue('unknown field "spec.foo"')).toBe('299 - "unknown field \\"spec.foo\\""');
    // Non-Latin-1 text travels as its UTF-8 bytes (a header value is a byte string).
    const value = warningHeaderValue('unknown field "spec.ключ"');
    expect(() => new Headers({ warning: value })).not.toThrow();
    expect(Buffer.from(value, "latin1").toString("utf8")).toBe('299 - "unknown field \\"spec.ключ\\""');
  });
});
