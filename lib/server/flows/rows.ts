import "server-only";
/**
 * The edge between stored rows and the lib/flows model: FlowLog / DnsLog → column arrays for the
 * batch insert, and selected rows → FlowLog. Column names are the 0002_flows table's; nothing
 * outside lib/server/flows sees a row.
 */
import { hash } from "node:crypto";
import type { DnsLog, EndpointType, FlowAction, FlowLabels, FlowLog, FlowPolicies, TcpStats } from "@/lib/flows";
import { pendingActionOf, recordIdentityOf } from "@/lib/flows";
import { copyField, copyTimestamp } from "@/lib/server/db/copy-text";

/**
 * The first 32 hex digits of SHA-256 over `text` with node:crypto (OpenSSL): the same digest as
 * lib/flows sha256Hex, which stays for portable callers, at a small fraction of its cost on the
 * ingest path. The one-shot `hash` skips creating a Hash object per record.
 */
export function keyHash(text: string): string {
  return hash("sha256", text, "hex").slice(0, 32);
}

/** lib/flows idempotencyKeyOf, hashed with node:crypto (equal keys: keys.test.ts checks both). */
export function flowIdempotencyKey(f: FlowLog): string {
  return keyHash(recordIdentityOf(f));
}

/** The FlowLog columns written by ingestion, with the PostgreSQL array type unnest() reads them as. */
export const FLOW_INSERT_COLUMNS = [
  ["idempotencyKey", "text"],
  ["startTime", "float8"],
  ["endTime", "float8"],
  ["host", "text"],
  ["sourceType", "text"],
  ["sourceNamespace", "text"],
  ["sourceName", "text"],
  ["sourceNameAggr", "text"],
  ["sourceLabels", "jsonb"],
  ["sourceIp", "text"],
  ["sourcePort", "int4"],
  ["destType", "text"],
  ["destNamespace", "text"],
  ["destName", "text"],
  ["destNameAggr", "text"],
  ["destLabels", "jsonb"],
  ["destIp", "text"],
  ["destPort", "int4"],
  ["destServiceNamespace", "text"],
  ["destServiceName", "text"],
  ["destServicePortName", "text"],
  ["destServicePort", "int4"],
  ["destDomains", "jsonb"],
  ["proto", "text"],
  ["action", "text"],
  ["pendingAction", "text"],
  ["reporter", "text"],
  ["enforcedPolicies", "jsonb"],
  ["pendingPolicies", "jsonb"],
  ["transitPolicies", "jsonb"],
  ["bytesIn", "int8"],
  ["bytesOut", "int8"],
  ["packetsIn", "int8"],
  ["packetsOut", "int8"],
  ["numFlows", "int4"],
  ["numFlowsStarted", "int4"],
  ["numFlowsCompleted", "int4"],
  ["tcpStats", "jsonb"],
] as const;

type Cell = string | number | null;

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * pendingActionOf with a small memo on the pending trace: a batch holds few distinct traces, and
 * parsing each record's trace again was a third of the ingest path's JavaScript time.
 */
const pendingMemo = new Map<string, FlowAction>();
const PENDING_MEMO_MAX = 4096;

function pendingActionCached(f: FlowLog): FlowAction {
  if (f.policies === null || f.policies.pending.length === 0) return f.action;
  const key = `${f.action}\n${f.policies.pending.join("\n")}`;
  const hit = pendingMemo.get(key);
  if (hit !== undefined) return hit;
  const action = pendingActionOf(f);
  if (pendingMemo.size >= PENDING_MEMO_MAX) pendingMemo.clear();
  pendingMemo.set(key, action);
  return action;
}

/** One record's values in FLOW_INSERT_COLUMNS order (JSON columns as text, times in seconds). */
export function flowInsertValues(f: FlowLog): Cell[] {
  return [
    flowIdempotencyKey(f),
    f.startTime,
    f.endTime,
    f.host ?? null,
    f.source.type,
    f.source.namespace,
    f.source.name,
    f.source.nameAggr,
    json(f.source.labels),
    f.source.ip,
    f.source.port,
    f.dest.type,
    f.dest.namespace,
    f.dest.name,
    f.dest.nameAggr,
    json(f.dest.labels),
    f.dest.ip,
    f.dest.port,
    f.destService.namespace,
    f.destService.name,
    f.destService.portName,
    f.destService.portNum,
    JSON.stringify(f.destDomains),
    f.proto,
    f.action,
    pendingActionCached(f),
    f.reporter,
    json(f.policies?.enforced),
    json(f.policies?.pending),
    json(f.policies?.transit),
    f.bytesIn,
    f.bytesOut,
    f.packetsIn,
    f.packetsOut,
    f.numFlows,
    f.numFlowsStarted,
    f.numFlowsCompleted,
    json(f.tcp),
  ];
}

const text = (v: string, column: string): string => copyField(v, column);
const textOrNull = (v: string | null, column: string): string => (v === null ? "\\N" : text(v, column));
const intOrNull = (v: number | null): string => (v === null ? "\\N" : String(v));
const jsonOrNull = (v: unknown, column: string): string => (v === null || v === undefined ? "\\N" : text(JSON.stringify(v), column));

/**
 * One record as a COPY text line of "FlowLog" (`clusterField` — the cluster id as a COPY field —
 * then FLOW_INSERT_COLUMNS, `key` its idempotency key), newline included: the fields
 * flowInsertValues gives, as copyField / copyTimestamp write them, built in one pass with no
 * array per record. Throws CopyValueError (naming the column) for a string holding NUL or a
 * time outside 1970..9999.
 */
export function flowCopyLine(clusterField: string, key: string, f: FlowLog): string {
  const s = f.source;
  const d = f.dest;
  const svc = f.destService;
  const p = f.policies;
  return (
    `${clusterField}\t${key}\t${copyTimestamp(f.startTime, "startTime")}\t${copyTimestamp(f.endTime, "endTime")}\t${textOrNull(f.host ?? null, "host")}` +
    `\t${text(s.type, "sourceType")}\t${text(s.namespace, "sourceNamespace")}\t${text(s.name, "sourceName")}\t${text(s.nameAggr, "sourceNameAggr")}` +
    `\t${jsonOrNull(s.labels, "sourceLabels")}\t${textOrNull(s.ip, "sourceIp")}\t${intOrNull(s.port)}` +
    `\t${text(d.type, "destType")}\t${text(d.namespace, "destNamespace")}\t${text(d.name, "destName")}\t${text(d.nameAggr, "destNameAggr")}` +
    `\t${jsonOrNull(d.labels, "destLabels")}\t${textOrNull(d.ip, "destIp")}\t${intOrNull(d.port)}` +
    `\t${text(svc.namespace, "destServiceNamespace")}\t${text(svc.name, "destServiceName")}\t${text(svc.portName, "destServicePortName")}\t${intOrNull(svc.portNum)}` +
    `\t${text(JSON.stringify(f.destDomains), "destDomains")}\t${text(f.proto, "proto")}\t${text(f.action, "action")}\t${text(pendingActionCached(f), "pendingAction")}\t${text(f.reporter, "reporter")}` +
    `\t${jsonOrNull(p?.enforced, "enforcedPolicies")}\t${jsonOrNull(p?.pending, "pendingPolicies")}\t${jsonOrNull(p?.transit, "transitPolicies")}` +
    `\t${f.bytesIn}\t${f.bytesOut}\t${f.packetsIn}\t${f.packetsOut}\t${f.numFlows}\t${f.numFlowsStarted}\t${f.numFlowsCompleted}\t${jsonOrNull(f.tcp, "tcpStats")}\n`
  );
}

/** The columns a FlowLog is read back from (every query selects these). */
export const FLOW_SELECT = `"id", extract(epoch from "startTime")::float8 AS "startTime", extract(epoch from "endTime")::float8 AS "endTime",
  "host", "sourceType", "sourceNamespace", "sourceName", "sourceNameAggr", "sourceLabels", "sourceIp", "sourcePort",
  "destType", "destNamespace", "destName", "destNameAggr", "destLabels", "destIp", "destPort",
  "destServiceNamespace", "destServiceName", "destServicePortName", "destServicePort", "destDomains",
  "proto", "action", "reporter", "enforcedPolicies", "pendingPolicies", "transitPolicies",
  "bytesIn", "bytesOut", "packetsIn", "packetsOut", "numFlows", "numFlowsStarted", "numFlowsCompleted", "tcpStats"`;

/** A row as the drivers return it (BIGINT as string or bigint, JSONB parsed). */
export type FlowRow = Readonly<Record<string, unknown>>;

const num = (v: unknown): number => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : typeof v === "string" ? Number(v) : 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const str = (v: unknown): string => (typeof v === "string" ? v : "-");
const strOrNull = (v: unknown): string | null => (typeof v === "string" ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function labelsOf(v: unknown): FlowLabels | null {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
  return out;
}

function policiesOf(r: FlowRow): FlowPolicies | null {
  if (r.enforcedPolicies === null && r.pendingPolicies === null) return null;
  const transit = r.transitPolicies === null || r.transitPolicies === undefined ? undefined : strings(r.transitPolicies);
  return { enforced: strings(r.enforcedPolicies), pending: strings(r.pendingPolicies), ...(transit !== undefined ? { transit } : {}) };
}

/** Reads a row selected with FLOW_SELECT back into the model. Never throws. */
export function toFlowLog(r: FlowRow): FlowLog {
  // The CHECK constraints of 0002_flows guarantee these columns hold the model's literals.
  const type = (v: unknown) => str(v) as EndpointType;
  const tcp = r.tcpStats !== null && typeof r.tcpStats === "object" ? (r.tcpStats as TcpStats) : undefined; // written from FlowLog.tcp by flowInsertValues
  return {
    startTime: Math.floor(num(r.startTime)),
    endTime: Math.floor(num(r.endTime)),
    ...(typeof r.host === "string" ? { host: r.host } : {}),
    source: { type: type(r.sourceType), namespace: str(r.sourceNamespace), name: str(r.sourceName), nameAggr: str(r.sourceNameAggr), ip: strOrNull(r.sourceIp), port: numOrNull(r.sourcePort), labels: labelsOf(r.sourceLabels) },
    dest: { type: type(r.destType), namespace: str(r.destNamespace), name: str(r.destName), nameAggr: str(r.destNameAggr), ip: strOrNull(r.destIp), port: numOrNull(r.destPort), labels: labelsOf(r.destLabels) },
    destService: { namespace: str(r.destServiceNamespace), name: str(r.destServiceName), portName: str(r.destServicePortName), portNum: numOrNull(r.destServicePort) },
    destDomains: strings(r.destDomains),
    proto: str(r.proto),
    action: r.action === "deny" ? "deny" : "allow",
    reporter: r.reporter === "dst" ? "dst" : "src",
    policies: policiesOf(r),
    bytesIn: num(r.bytesIn),
    bytesOut: num(r.bytesOut),
    packetsIn: num(r.packetsIn),
    packetsOut: num(r.packetsOut),
    numFlows: num(r.numFlows),
    numFlowsStarted: num(r.numFlowsStarted),
    numFlowsCompleted: num(r.numFlowsCompleted),
    ...(tcp !== undefined ? { tcp } : {}),
  };
}

/** The DnsLog columns written by ingestion, with their unnest() array types. */
export const DNS_INSERT_COLUMNS = [
  ["idempotencyKey", "text"],
  ["startTime", "float8"],
  ["endTime", "float8"],
  ["type", "text"],
  ["count", "int4"],
  ["clientIp", "text"],
  ["clientName", "text"],
  ["clientNameAggr", "text"],
  ["clientNamespace", "text"],
  ["clientLabels", "jsonb"],
  ["qname", "text"],
  ["qtype", "text"],
  ["qclass", "text"],
  ["rcode", "text"],
  ["rrsets", "jsonb"],
  ["servers", "jsonb"],
  ["latencyCount", "int4"],
  ["latencyMean", "int8"],
  ["latencyMax", "int8"],
  ["host", "text"],
] as const;

/**
 * A DNS record's idempotency key: 128 bits of SHA-256 over its interval, client, question, answer
 * code and host (counts and latencies excluded, so a retried record dedups), as for flows.
 */
export function dnsIdempotencyKeyOf(d: DnsLog): string {
  const identity = [d.startTime, d.endTime, d.type, d.host ?? "", d.clientNamespace, d.clientName, d.clientNameAggr, d.clientIp ?? "", d.qname, d.qtype, d.qclass, d.rcode];
  return keyHash(identity.join("\u001f"));
}

/** One DNS record's values in DNS_INSERT_COLUMNS order. */
export function dnsInsertValues(d: DnsLog): Cell[] {
  return [
    dnsIdempotencyKeyOf(d),
    d.startTime,
    d.endTime,
    d.type,
    d.count,
    d.clientIp,
    d.clientName,
    d.clientNameAggr,
    d.clientNamespace,
    JSON.stringify(d.clientLabels),
    d.qname,
    d.qtype,
    d.qclass,
    d.rcode,
    JSON.stringify(d.rrsets),
    JSON.stringify(d.servers),
    d.latencyCount ?? null,
    d.latencyMean ?? null,
    d.latencyMax ?? null,
    d.host ?? null,
  ];
}
