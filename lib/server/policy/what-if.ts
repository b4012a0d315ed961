import "server-only";
/**
 * The what-if probe and the impact preview. Impact is judged on the cluster's recent flows
 * (the distinct connections of the flow store's last `windowMinutes`, resolved against the
 * cluster now by lib/board buildFlowConnections). Only when the window holds no flows does it
 * fall back to a matrix of the cluster's own traffic possibilities: every workload pair over
 * the destination's Service ports (after DNAT: the pod's target port), plus each workload's
 * egress to an internet address; DNS is covered by the pairs with the kube-dns pods.
 * computeImpact compares the policy set now with the set after the proposed writes and keeps
 * the connections whose verdict (enforced or pending) or deciding rule changes.
 */
import type { CalicoResource } from "@/lib/calico/types";
import { buildFlowConnections, isPolicyResource } from "@/lib/board";
import { validateClusterObject } from "@/lib/cluster/validate-object";
import { DEFAULT_FLOW_WINDOW_MINUTES } from "@/lib/contracts/board";
import type { DeciderView, ImpactRequest, ImpactSource, ImpactResponse, ProbeResult, SelectsResponse, VerdictSummary, WhatIfRequest, WhatIfResponse } from "@/lib/contracts/board";
import type { FieldError } from "@/lib/errors";
import { ValidationError } from "@/lib/errors";
import type { ClusterBackend } from "@/lib/cluster/backend";
import { isServiceBackend } from "@/lib/cluster/services";
import type { CompiledPolicySet, Connection, DirectionVerdict, Peer, ServiceModel, Verdict, WorkloadEndpoint } from "@/lib/policy";
import { computeImpact, endpointsSelectedBy, evaluate, policyKeyOf } from "@/lib/policy";
import { readFlowTuples } from "@/lib/server/flows/policy-reads";
import type { ClusterSnapshot } from "@/lib/server/policy/snapshot";
import { compileWith, loadClusterSnapshot } from "@/lib/server/policy/snapshot";

/** An address outside the cluster used for "egress to the internet" probes. */
export const INTERNET_PROBE_IP = "1.1.1.1";
/** Largest matrix judged by one impact preview. */
export const MAX_IMPACT_CONNECTIONS = 20_000;

const keyOfResource = (r: CalicoResource): string => (isPolicyResource(r) ? policyKeyOf(r) : `${r.kind}/${r.metadata.name}`);

/** Validates the draft objects of a request; throws ValidationError with `upserts[i].` paths. */
export function parseUpserts(raw: readonly Record<string, unknown>[]): CalicoResource[] {
  const errors: FieldError[] = [];
  const out: CalicoResource[] = [];
  raw.forEach((r, i) => {
    const v = validateClusterObject(r);
    if (v.object === undefined) errors.push(...v.errors.map((e) => ({ path: `upserts[${i}].${e.path}`, message: e.message })));
    else if (v.object.kind === "Tier" || isPolicyResource(v.object as CalicoResource)) out.push(v.object as CalicoResource); // Calico kinds only (checked)
    else errors.push({ path: `upserts[${i}].kind`, message: `${v.object.kind} is not a tier or policy` });
  });
  if (errors.length > 0) throw new ValidationError("the proposed change is invalid", errors);
  return out;
}

/** The resources after upserting `upserts` (replacing same-key resources) and removing `deletes`. */
export function applyChanges(resources: readonly CalicoResource[], upserts: readonly CalicoResource[], deletes: readonly string[]): CalicoResource[] {
  const replaced = new Set([...upserts.map(keyOfResource), ...deletes]);
  return [...resources.filter((r) => !replaced.has(keyOfResource(r))), ...upserts];
}

function servicePortsOf(ep: WorkloadEndpoint, services: readonly ServiceModel[]): { port: number; protocol: "TCP" | "UDP" | "SCTP" }[] {
  const out = new Map<string, { port: number; protocol: "TCP" | "UDP" | "SCTP" }>();
  for (const s of services) {
    if (!isServiceBackend(s, ep)) continue;
    for (const p of s.ports) {
      const target = p.targetPort ?? p.port;
      const port = typeof target === "number" ? target : ep.ports?.find((n) => n.name === target)?.port;
      if (port === undefined) continue;
      const protocol = p.protocol ?? "TCP";
      out.set(`${protocol}/${port}`, { port, protocol });
    }
  }
  return [...out.values()];
}

const wl = (ep: WorkloadEndpoint): Peer => ({ kind: "endpoint", endpoint: ep });
const nameOfPeer = (p: Peer): string =>
  p.kind === "endpoint" ? (p.endpoint.kind === "workload" ? `${p.endpoint.namespace}/${p.endpoint.name}` : `host ${p.endpoint.name}`) : (p.domain ?? p.ip ?? "external");

/** The what-if matrix of a cluster (see the module comment), cut at `limit`. */
export function buildWhatIfMatrix(snap: Pick<ClusterSnapshot, "models">, limit = MAX_IMPACT_CONNECTIONS): { connections: Connection[]; truncated: boolean } {
  const { endpoints, services } = snap.models;
  const connections: Connection[] = [];
  const ports = new Map(endpoints.map((e) => [e, servicePortsOf(e, services)]));
  for (const src of endpoints) {
    connections.push({ source: wl(src), destination: { kind: "external", ip: INTERNET_PROBE_IP }, protocol: "TCP", port: 443 });
    for (const dst of endpoints) {
      if (dst === src) continue;
      for (const p of ports.get(dst) ?? []) {
        connections.push({ source: wl(src), destination: wl(dst), protocol: p.protocol, port: p.port });
        if (connections.length >= limit) return { connections, truncated: true };
      }
    }
  }
  return { connections, truncated: false };
}

function decider(v: DirectionVerdict | null): DeciderView | null {
  if (v === null) return null;
  return {
    action: v.action,
    reason: v.reason,
    ...(v.tier !== undefined ? { tier: v.tier } : {}),
    ...(v.policy !== undefined ? { policy: v.namespace !== undefined ? `${v.namespace}/${v.policy}` : v.policy } : {}),
    ...(v.rule !== undefined ? { rule: v.rule } : {}),
    ...(v.ruleAction !== undefined ? { ruleAction: v.ruleAction } : {}),
    ...(v.profile !== undefined ? { profile: v.profile } : {}),
  };
}

function summarise(v: Verdict): { enforced: VerdictSummary; pending: VerdictSummary } {
  return {
    enforced: { allowed: v.allowed, egress: decider(v.egress), ingress: decider(v.ingress) },
    pending: { allowed: v.staged.allowed, egress: decider(v.staged.egress), ingress: decider(v.staged.ingress) },
  };
}

interface JudgedSet {
  readonly connections: readonly Connection[];
  readonly records?: readonly number[];
  readonly truncated: boolean;
  readonly source: ImpactSource;
}

/** The recent flows of the window as connections; undefined when the window has no flows. */
async function recentFlowConnections(clusterId: string, snap: ClusterSnapshot, windowMinutes: number, nowMs: number): Promise<JudgedSet | undefined> {
  const to = nowMs / 1000;
  const read = await readFlowTuples(clusterId, { from: to - windowMinutes * 60, to }, MAX_IMPACT_CONNECTIONS);
  if (read.records === 0) return undefined;
  const built = buildFlowConnections(read.tuples, { endpoints: snap.policySet.endpoints, networkSets: snap.models.networkSets });
  return {
    connections: built.connections.map((c) => c.connection),
    records: built.connections.map((c) => c.records),
    truncated: read.truncated,
    source: { kind: "flows", records: read.records, windowMinutes, unresolvedRecords: built.unresolvedRecords },
  };
}

/**
 * Connections whose verdict or deciding rule would change if `req`'s upserts and deletes were
 * written: the recent flows of the window (default 15 min) when there are any, else the what-if
 * matrix; the answer's `source` says which. Throws ValidationError for invalid drafts.
 */
export async function previewImpact(backend: ClusterBackend, req: ImpactRequest, nowMs = Date.now()): Promise<ImpactResponse> {
  const upserts = parseUpserts(req.upserts);
  const snap = await loadClusterSnapshot(backend);
  const after = compileWith(snap.models, applyChanges(snap.resources, upserts, req.deletes));
  const windowMinutes = req.windowMinutes ?? DEFAULT_FLOW_WINDOW_MINUTES;
  const judged: JudgedSet = (await recentFlowConnections(backend.id, snap, windowMinutes, nowMs)) ?? { ...buildWhatIfMatrix(snap), source: { kind: "matrix" } };
  const recordsOf = new Map(judged.connections.map((c, i) => [c, judged.records?.[i]]));
  const changed = computeImpact(snap.policySet, after, judged.connections).map((e) => {
    const records = recordsOf.get(e.connection);
    return {
      source: nameOfPeer(e.connection.source),
      destination: nameOfPeer(e.connection.destination),
      ...(e.connection.port !== undefined ? { port: e.connection.port } : {}),
      protocol: String(e.connection.protocol),
      before: summarise(e.before),
      after: summarise(e.after),
      ...(records !== undefined ? { records } : {}),
    };
  });
  return { judged: judged.connections.length, truncated: judged.truncated, changed, source: judged.source };
}

function findWorkload(set: CompiledPolicySet, namespace: string, name: string): WorkloadEndpoint | undefined {
  return set.endpoints.find((e): e is WorkloadEndpoint => e.kind === "workload" && e.namespace === namespace && e.name === name);
}

/**
 * Judges one probe against the cluster (plus the request's draft changes, when given): the
 * enforced and pending verdicts with their full traces. A Service destination is judged once per
 * backing pod on the target port (as kube-proxy's DNAT delivers it). Throws ValidationError for
 * invalid drafts.
 */
export async function runWhatIf(backend: ClusterBackend, req: WhatIfRequest): Promise<WhatIfResponse> {
  const snap = await loadClusterSnapshot(backend);
  const upserts = parseUpserts(req.upserts ?? []);
  const set = upserts.length > 0 || (req.deletes ?? []).length > 0 ? compileWith(snap.models, applyChanges(snap.resources, upserts, req.deletes ?? [])) : snap.policySet;
  let source: Peer;
  if (req.source.kind === "workload") {
    const ep = findWorkload(set, req.source.namespace, req.source.name);
    if (ep === undefined) return { results: [], message: `no running pod ${req.source.namespace}/${req.source.name}` };
    source = wl(ep);
  } else source = { kind: "external", ip: req.source.ip };
  const targets: { peer: Peer; port: number | undefined }[] = [];
  const dest = req.destination;
  if (dest.kind === "workload") {
    const ep = findWorkload(set, dest.namespace, dest.name);
    if (ep === undefined) return { results: [], message: `no running pod ${dest.namespace}/${dest.name}` };
    targets.push({ peer: wl(ep), port: req.port });
  } else if (dest.kind === "service") {
    const svc = snap.models.services.find((s) => s.namespace === dest.namespace && s.name === dest.name);
    if (svc === undefined) return { results: [], message: `no Service ${dest.namespace}/${dest.name}` };
    const sp = svc.ports.find((p) => p.port === req.port && (p.protocol ?? "TCP") === req.protocol) ?? (req.port === undefined ? svc.ports[0] : undefined);
    if (sp === undefined) return { results: [], message: `Service ${dest.namespace}/${dest.name} has no ${req.protocol} port ${req.port ?? ""}` };
    const backends = snap.models.endpoints.filter((e) => isServiceBackend(svc, e));
    if (backends.length === 0) return { results: [], message: `Service ${dest.namespace}/${dest.name} has no running backends` };
    for (const ep of backends) {
      const target = sp.targetPort ?? sp.port;
      const port = typeof target === "number" ? target : ep.ports?.find((n) => n.name === target)?.port;
      targets.push({ peer: wl(findWorkload(set, ep.namespace, ep.name) ?? ep), port });
    }
  } else if (dest.kind === "ip") targets.push({ peer: { kind: "external", ip: dest.ip }, port: req.port });
  else targets.push({ peer: { kind: "external", domain: dest.domain }, port: req.port });
  const results: ProbeResult[] = targets.map((t) => {
    const conn: Connection = { source, destination: t.peer, protocol: req.protocol, ...(t.port !== undefined ? { port: t.port } : {}) };
    return { source: nameOfPeer(source), destination: nameOfPeer(t.peer), ...(t.port !== undefined ? { port: t.port } : {}), protocol: req.protocol, verdict: evaluate(set, conn) };
  });
  return { results };
}

/** Endpoints a draft policy would select in the cluster now. Throws ValidationError. */
export async function previewSelection(backend: ClusterBackend, raw: Record<string, unknown>): Promise<SelectsResponse> {
  const [resource] = parseUpserts([raw]);
  if (resource === undefined || !isPolicyResource(resource)) throw new ValidationError("not a policy", [{ path: "resource.kind", message: "must be a policy kind" }]);
  const snap = await loadClusterSnapshot(backend);
  const set = compileWith(snap.models, applyChanges(snap.resources, [resource], []));
  const selected = endpointsSelectedBy(set, policyKeyOf(resource)) ?? [];
  return { endpoints: selected.map((e) => (e.kind === "workload" ? { namespace: e.namespace, name: e.name } : { name: e.name })) };
}
