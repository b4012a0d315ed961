/**
 * Validation of the core Kubernetes kinds the embedded cluster stores (Namespace, Pod, Service,
 * ServiceAccount, ConfigMap, Secret — the data fields of the last two in config-data.ts), following the apiserver's rules for the fields we model
 * (k8s.io/kubernetes/pkg/apis/core/validation): name syntax per kind, required fields, port
 * ranges and names, label syntax. Fields we do not model are kept and not checked, so objects
 * copied from a real cluster are accepted. Pure; never throws.
 */
import type { CoreKind, CoreObject } from "@/lib/cluster/backend";
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  portNameErrors,
  qualifiedNameErrors,
} from "@/lib/calico/k8s-names";
import type { FieldError } from "@/lib/errors";
import { validateConfigMapData, validateSecretData } from "@/lib/cluster/config-data";

type Wire = Readonly<Record<string, unknown>>;

const PROTOCOLS = ["TCP", "UDP", "SCTP"];
const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
const DNS1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function isWire(v: unknown): v is Wire {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** RFC 1035 label (Service names): like an RFC 1123 label but starting with a letter. */
function dns1035LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push("must be no more than 63 characters");
  if (!DNS1035_LABEL_RE.test(value)) {
    errors.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character");
  }
  return errors;
}

class Collector {
  readonly errors: FieldError[] = [];
  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }
  addAll(path: string, messages: readonly string[], value?: string): void {
    for (const m of messages) this.add(path, value === undefined ? m : `Invalid value: ${JSON.stringify(value)}: ${m}`);
  }
}

function checkStringMap(c: Collector, value: unknown, path: string, checkValues: boolean): void {
  if (value === undefined) return;
  if (!isWire(value)) return c.add(path, "must be a map of strings");
  for (const [k, v] of Object.entries(value)) {
    c.addAll(path, qualifiedNameErrors(k), k);
    if (typeof v !== "string") c.add(`${path}[${k}]`, "must be a string");
    else if (checkValues) c.addAll(`${path}[${k}]`, labelValueErrors(v), v);
  }
}

function checkMeta(c: Collector, kind: CoreKind, meta: unknown): void {
  if (!isWire(meta)) return c.add("metadata", "Required value");
  const name = meta.name;
  if (typeof name !== "string" || name === "") c.add("metadata.name", "Required value: name is required");
  else {
    const problems = kind === "Namespace" ? dns1123LabelErrors(name) : kind === "Service" ? dns1035LabelErrors(name) : dns1123SubdomainErrors(name);
    c.addAll("metadata.name", problems, name);
  }
  if (kind !== "Namespace") {
    const ns = meta.namespace;
    if (typeof ns !== "string" || ns === "") c.add("metadata.namespace", "Required value");
    else c.addAll("metadata.namespace", dns1123LabelErrors(ns), ns);
  }
  checkStringMap(c, meta.labels, "metadata.labels", true);
  checkStringMap(c, meta.annotations, "metadata.annotations", false);
}

function checkPort(c: Collector, value: unknown, path: string, required: boolean): void {
  if (value === undefined) {
    if (required) c.add(path, "Required value");
    return;
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    c.add(path, `Invalid value: ${JSON.stringify(value)}: must be between 1 and 65535, inclusive`);
  }
}

function checkProtocol(c: Collector, value: unknown, path: string): void {
  if (value !== undefined && !PROTOCOLS.includes(String(value))) c.add(path, `Unsupported value: ${JSON.stringify(value)}: supported values: "SCTP", "TCP", "UDP"`);
}

function checkPod(c: Collector, spec: unknown): void {
  if (!isWire(spec)) return c.add("spec", "Required value");
  if (spec.serviceAccountName !== undefined) {
    if (typeof spec.serviceAccountName !== "string") c.add("spec.serviceAccountName", "must be a string");
    else if (spec.serviceAccountName !== "") c.addAll("spec.serviceAccountName", dns1123SubdomainErrors(spec.serviceAccountName), spec.serviceAccountName);
  }
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) return c.add("spec.containers", "Required value");
  const names = new Set<string>();
  containers.forEach((container: unknown, i) => {
    const p = `spec.containers[${i}]`;
    if (!isWire(container)) return c.add(p, "must be an object");
    if (typeof container.name !== "string" || container.name === "") c.add(`${p}.name`, "Required value");
    else {
      c.addAll(`${p}.name`, dns1123LabelErrors(container.name), container.name);
      if (names.has(container.name)) c.add(`${p}.name`, `Duplicate value: ${JSON.stringify(container.name)}`);
      names.add(container.name);
    }
    if (typeof container.image !== "string" || container.image.trim() === "") c.add(`${p}.image`, "Required value");
    if (container.ports === undefined) return;
    if (!Array.isArray(container.ports)) return c.add(`${p}.ports`, "must be a list");
    container.ports.forEach((port: unknown, j) => {
      const pp = `${p}.ports[${j}]`;
      if (!isWire(port)) return c.add(pp, "must be an object");
      checkPort(c, port.containerPort, `${pp}.containerPort`, true);
      checkProtocol(c, port.protocol, `${pp}.protocol`);
      if (port.name !== undefined) {
        if (typeof port.name !== "string") c.add(`${pp}.name`, "must be a string");
        else c.addAll(`${pp}.name`, portNameErrors(port.name), port.name);
      }
    });
  });
}

function checkService(c: Collector, spec: unknown): void {
  if (!isWire(spec)) return c.add("spec", "Required value");
  const type = spec.type ?? "ClusterIP";
  if (!SERVICE_TYPES.includes(String(type))) c.add("spec.type", `Unsupported value: ${JSON.stringify(type)}: supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`);
  checkStringMap(c, spec.selector, "spec.selector", true);
  const ports = spec.ports;
  const headless = spec.clusterIP === "None";
  if (ports === undefined || (Array.isArray(ports) && ports.length === 0)) {
    if (type !== "ExternalName" && !headless) c.add("spec.ports", "Required value");
    return;
  }
  if (!Array.isArray(ports)) return c.add("spec.ports", "must be a list");
  const names = new Set<string>();
  ports.forEach((port: unknown, i) => {
    const p = `spec.ports[${i}]`;
    if (!isWire(port)) return c.add(p, "must be an object");
    if (port.name === undefined || port.name === "") {
      if (ports.length > 1) c.add(`${p}.name`, "Required value");
    } else if (typeof port.name !== "string") c.add(`${p}.name`, "must be a string");
    else {
      c.addAll(`${p}.name`, dns1123LabelErrors(port.name), port.name);
      if (names.has(port.name)) c.add(`${p}.name`, `Duplicate value: ${JSON.stringify(port.name)}`);
      names.add(port.name);
    }
    checkPort(c, port.port, `${p}.port`, true);
    checkProtocol(c, port.protocol, `${p}.protocol`);
    const target = port.targetPort;
    if (typeof target === "string") c.addAll(`${p}.targetPort`, portNameErrors(target), target);
    else if (target !== undefined) checkPort(c, target, `${p}.targetPort`, false);
    if (port.nodePort !== undefined) {
      if (type !== "NodePort" && type !== "LoadBalancer") c.add(`${p}.nodePort`, "Forbidden: may not be used when `type` is 'ClusterIP'");
      else checkPort(c, port.nodePort, `${p}.nodePort`, false);
    }
  });
}

/**
 * Validates a core object. Returns every field error found (empty when valid), with paths like
 * `spec.containers[0].ports[1].containerPort`.
 */
export function validateCoreObject(obj: CoreObject): readonly FieldError[] {
  const c = new Collector();
  checkMeta(c, obj.kind, obj.metadata);
  switch (obj.kind) {
    case "Namespace":
    case "ServiceAccount":
      break;
    case "Pod":
      checkPod(c, obj.spec);
      break;
    case "Service":
      checkService(c, obj.spec);
      break;
    case "ConfigMap":
      c.errors.push(...validateConfigMapData(obj));
      break;
    case "Secret":
      c.errors.push(...validateSecretData(obj));
      break;
    default: {
      const never: never = obj;
      // Unreachable for typed callers; untyped input may still carry another kind.
      c.add("kind", `unknown core kind ${JSON.stringify((never as { kind?: unknown }).kind)}`);
    }
  }
  return c.errors;
}
