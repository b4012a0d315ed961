/**
 * meta.k8s.io/v1 Table responses (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), what
 * `kubectl get` asks for, with the columns kube-apiserver prints (pkg/printers/internalversion):
 *
 *   Pod            NAME READY STATUS RESTARTS AGE | wide: IP NODE NOMINATED NODE READINESS GATES
 *   Namespace      NAME STATUS AGE
 *   Service        NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | wide: SELECTOR
 *   ServiceAccount NAME SECRETS AGE
 *   NetworkPolicy  NAME POD-SELECTOR AGE
 *
 * Calico kinds: projectcalico.org/v3 is served by Calico's aggregated API server with the
 * generic table convertor (NAME, CREATED AT); crd.projectcalico.org/v1 CRDs declare no printer
 * columns, so they get the CRD default (NAME, AGE).
 *
 * Choice: the embedded cluster has no kubelet and stores no containerStatuses; a Running Pod
 * without them counts all its containers ready (READY 1/1), as a healthy cluster would show.
 *
 * Pure; `now` is passed in.
 */
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";

export interface TableColumn {
  readonly name: string;
  readonly type: "string" | "integer" | "number" | "boolean" | "date";
  readonly format: string;
  readonly description: string;
  /** 0: default output; 1: `-o wide` only. */
  readonly priority: number;
}

export type IncludeObject = "None" | "Metadata" | "Object";

/** Whether an Accept header asks for a meta.k8s.io/v1 Table (v1beta1 is answered as v1 too). */
export function wantsTable(accept: string | null): boolean {
  if (accept === null) return false;
  return accept.split(",").some((part) => {
    const params = part.split(";").map((p) => p.trim());
    return params.includes("as=Table") && params.some((p) => p === "g=meta.k8s.io");
  });
}

const NAME: TableColumn = { name: "Name", type: "string", format: "name", description: "Name must be unique within a namespace.", priority: 0 };
const AGE: TableColumn = { name: "Age", type: "string", format: "", description: "CreationTimestamp is the time the object was created.", priority: 0 };
const CREATED_AT: TableColumn = { name: "Created At", type: "date", format: "", description: "CreationTimestamp is the time the object was created.", priority: 0 };

function col(name: string, description: string, priority = 0, type: TableColumn["type"] = "string"): TableColumn {
  return { name, type, format: "", description, priority };
}

interface Printer {
  readonly columns: readonly TableColumn[];
  readonly cells: (obj: JsonObject, now: Date) => readonly unknown[];
}

function obj(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function nameOf(o: JsonObject): string {
  return str(obj(o["metadata"])["name"]) ?? "";
}

/** Go's duration.HumanDuration, as kubectl's AGE column prints it. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

function age(o: JsonObject, now: Date): string {
  const created = str(obj(o["metadata"])["creationTimestamp"]);
  if (created === undefined) return "<unknown>";
  const t = Date.parse(created);
  return Number.isNaN(t) ? "<unknown>" : humanDuration(now.getTime() - t);
}

/** metav1.FormatLabelSelector: `a=b,c in (d,e)`, `<none>` for an empty selector. */
export function formatLabelSelector(selector: unknown): string {
  const s = obj(selector);
  const parts: string[] = [];
  const labels = obj(s["matchLabels"]);
  for (const k of Object.keys(labels).sort()) parts.push(`${k}=${String(labels[k])}`);
  for (const e of list(s["matchExpressions"])) {
    const x = obj(e);
    const key = String(x["key"] ?? "");
    const values = list(x["values"]).map(String);
    switch (x["operator"]) {
      case "In":
        parts.push(`${key} in (${values.join(",")})`);
        break;
      case "NotIn":
        parts.push(`${key} notin (${values.join(",")})`);
        break;
      case "Exists":
        parts.push(key);
        break;
      case "DoesNotExist":
        parts.push(`!${key}`);
        break;
      default:
        parts.push(`${key} ${String(x["operator"])} (${values.join(",")})`);
    }
  }
  return parts.length === 0 ? "<none>" : parts.join(",");
}

const POD: Printer = {
  columns: [
    NAME,
    col("Ready", "The aggregate readiness state of this pod for accepting traffic."),
    col("Status", "The aggregate status of the containers in this pod."),
    col("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
    AGE,
    col("IP", "The IP address assigned to the pod", 1),
    col("Node", "The name of the node this pod runs on", 1),
    col("Nominated Node", "The name of the node this pod is nominated to run on", 1),
    col("Readiness Gates", "The readiness gates of this pod", 1),
  ],
  cells: (o, now) => {
    const spec = obj(o["spec"]);
    const status = obj(o["status"]);
    const containers = list(spec["containers"]);
    const statuses = list(status["containerStatuses"]).map(obj);
    const phase = str(status["phase"]) ?? "Pending";
    const ready = statuses.length > 0 ? statuses.filter((c) => c["ready"] === true).length : phase === "Running" ? containers.length : 0;
    const restarts = statuses.reduce((n, c) => n + (typeof c["restartCount"] === "number" ? c["restartCount"] : 0), 0);
    const reason = str(status["reason"]) ?? phase;
    const gates = list(spec["readinessGates"]);
    return [
      nameOf(o),
      `${ready}/${containers.length}`,
      obj(o["metadata"])["deletionTimestamp"] !== undefined ? "Terminating" : reason,
      String(restarts),
      age(o, now),
      str(status["podIP"]) ?? "<none>",
      str(spec["nodeName"]) ?? "<none>",
      str(status["nominatedNodeName"]) ?? "<none>",
      gates.length === 0 ? "<none>" : `0/${gates.length}`,
    ];
  },
};

const NAMESPACE: Printer = {
  columns: [NAME, col("Status", "The status of the namespace"), AGE],
  cells: (o, now) => [nameOf(o), str(obj(o["status"])["phase"]) ?? "Active", age(o, now)],
};

function servicePorts(spec: JsonObject): string {
  const ports = list(spec["ports"]).map(obj);
  if (ports.length === 0) return "<none>";
  return ports
    .map((p) => {
      const protocol = str(p["protocol"]) ?? "TCP";
      const nodePort = typeof p["nodePort"] === "number" && p["nodePort"] !== 0 ? `:${p["nodePort"]}` : "";
      return `${String(p["port"])}${nodePort}/${protocol}`;
    })
    .join(",");
}

function externalIp(spec: JsonObject, status: JsonObject): string {
  const type = str(spec["type"]) ?? "ClusterIP";
  const externals = list(spec["externalIPs"]).map(String);
  if (type === "ExternalName") return str(spec["externalName"]) ?? "<none>";
  if (type === "LoadBalancer") {
    const ingress = list(obj(status["loadBalancer"])["ingress"]).map((i) => str(obj(i)["ip"]) ?? str(obj(i)["hostname"]) ?? "");
    const all = [...ingress, ...externals].filter((x) => x !== "");
    return all.length === 0 ? "<pending>" : all.join(",");
  }
  return externals.length === 0 ? "<none>" : externals.join(",");
}

function mapSelector(selector: unknown): string {
  const s = obj(selector);
  const keys = Object.keys(s).sort();
  return keys.length === 0 ? "<none>" : keys.map((k) => `${k}=${String(s[k])}`).join(",");
}

const SERVICE: Printer = {
  columns: [
    NAME,
    col("Type", "The type of the service"),
    col("Cluster-IP", "The cluster IP of the service"),
    col("External-IP", "The external IPs of the service"),
    col("Port(s)", "The ports of the service"),
    AGE,
    col("Selector", "The selector of the service", 1),
  ],
  cells: (o, now) => {
    const spec = obj(o["spec"]);
    return [
      nameOf(o),
      str(spec["type"]) ?? "ClusterIP",
      str(spec["clusterIP"]) ?? "<none>",
      externalIp(spec, obj(o["status"])),
      servicePorts(spec),
      age(o, now),
      mapSelector(spec["selector"]),
    ];
  },
};

const SERVICE_ACCOUNT: Printer = {
  columns: [NAME, col("Secrets", "The number of secrets of the service account", 0, "integer"), AGE],
  cells: (o, now) => [nameOf(o), list(o["secrets"]).length, age(o, now)],
};

/** kubectl's columns: a ConfigMap's data count is `data` plus `binaryData` keys. */
const CONFIG_MAP: Printer = {
  columns: [NAME, col("Data", "The number of keys of the config map", 0, "integer"), AGE],
  cells: (o, now) => [nameOf(o), Object.keys(obj(o["data"])).length + Object.keys(obj(o["binaryData"])).length, age(o, now)],
};

const SECRET: Printer = {
  columns: [NAME, col("Type", "The type of the secret"), col("Data", "The number of keys of the secret", 0, "integer"), AGE],
  cells: (o, now) => [nameOf(o), str(o["type"]) ?? "", Object.keys(obj(o["data"])).length, age(o, now)],
};

const NETWORK_POLICY: Printer = {
  columns: [NAME, col("Pod-Selector", "The pod selector of the network policy"), AGE],
  cells: (o, now) => [nameOf(o), formatLabelSelector(obj(o["spec"])["podSelector"]), age(o, now)],
};

const AGGREGATED_DEFAULT: Printer = {
  columns: [NAME, CREATED_AT],
  cells: (o) => [nameOf(o), str(obj(o["metadata"])["creationTimestamp"]) ?? ""],
};

const CRD_DEFAULT: Printer = {
  columns: [NAME, AGE],
  cells: (o, now) => [nameOf(o), age(o, now)],
};

function printerFor(group: string, wireKind: string): Printer {
  if (group === "") {
    if (wireKind === "Pod") return POD;
    if (wireKind === "Namespace") return NAMESPACE;
    if (wireKind === "Service") return SERVICE;
    if (wireKind === "ServiceAccount") return SERVICE_ACCOUNT;
    if (wireKind === "ConfigMap") return CONFIG_MAP;
    if (wireKind === "Secret") return SECRET;
  }
  if (group === "networking.k8s.io" && wireKind === "NetworkPolicy") return NETWORK_POLICY;
  if (group === "crd.projectcalico.org") return CRD_DEFAULT;
  return AGGREGATED_DEFAULT;
}

export interface TableOptions {
  readonly group: string;
  readonly wireKind: string;
  readonly includeObject: IncludeObject;
  readonly now: Date;
  readonly resourceVersion?: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
  /** Omit the column definitions (later events of a watch). */
  readonly noHeaders?: boolean;
}

function rowObject(o: JsonObject, include: IncludeObject): JsonObject | undefined {
  if (include === "None") return undefined;
  if (include === "Object") return o;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj(o["metadata"]) };
}

/** A meta.k8s.io/v1 Table of `items` (wire objects of one kind). */
export function buildTable(items: readonly JsonObject[], options: TableOptions): JsonObject {
  const printer = printerFor(options.group, options.wireKind);
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: {
      ...(options.resourceVersion !== undefined ? { resourceVersion: options.resourceVersion } : {}),
      ...(options.continue !== undefined ? { continue: options.continue } : {}),
      ...(options.remainingItemCount !== undefined ? { remainingItemCount: options.remainingItemCount } : {}),
    },
    columnDefinitions: options.noHeaders === true ? null : printer.columns,
    rows: items.map((o) => {
      const object = rowObject(o, options.includeObject);
      return { cells: printer.cells(o, options.now), ...(object !== undefined ? { object } : {}) };
    }),
  };
}
