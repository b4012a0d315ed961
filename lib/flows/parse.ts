/**
 * Parsing Calico flow-log and DNS-log records (one JSON object per line, as felix writes
 * `flows.log` / `dns.log` and as Linseed / Elasticsearch return them) into FlowLog / DnsLog.
 * Never throws: every failure names the 1-based line and the wire field.
 */
import type { z } from "zod";
import { parseIp } from "@/lib/net/ip";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import { netClassOf } from "@/lib/flows/names";
import { parsePolicyHit } from "@/lib/flows/policy-hit";
import type { DnsLog, EndpointType, FlowEndpoint, FlowLabels, FlowLog, FlowPolicies, RecordParseError, TcpStats } from "@/lib/flows/types";
import { ENDPOINT_TYPES, FIELD_NOT_INCLUDED } from "@/lib/flows/types";
import type { FlowWire } from "@/lib/flows/wire";
import { conformingFlowWire, dnsWireSchema, flowWireSchema, labelsSchema } from "@/lib/flows/wire";

type Fail = { readonly field: string; readonly message: string };
class FieldFailure {
  constructor(readonly fail: Fail) {}
}

/** Protocol numbers felix names (felix/collector/flowlog protoNames); others stay numeric text. */
const PROTO_NAMES: Readonly<Record<number, string>> = { 1: "icmp", 6: "tcp", 17: "udp", 4: "ipip", 50: "esp", 58: "icmp6", 132: "sctp" };
const KNOWN_PROTOS = new Set(Object.values(PROTO_NAMES));

/** Normalises a protocol to Calico's flow-log spelling (`tcp`, `udp`, ... or the number). */
export function toFlowProto(p: string | number): string | undefined {
  if (typeof p === "number") return PROTO_NAMES[p] ?? (p >= 0 && p <= 255 ? String(p) : undefined);
  const lower = p.toLowerCase();
  if (KNOWN_PROTOS.has(lower)) return lower;
  if (lower === "icmpv6") return "icmp6";
  if (/^\d+$/.test(lower)) return toFlowProto(Number(lower));
  return undefined;
}

function fail(field: string, message: string): never {
  throw new FieldFailure({ field, message });
}

/** The latest time a record may carry: 9999-12-31T23:59:59Z (every store and Date can hold it). */
export const MAX_RECORD_SECONDS = 253_402_300_799;

/** Seconds from a number (seconds; values above 1e11 are taken as milliseconds) or RFC 3339 text, in 1970..9999. */
function toSeconds(v: number | string, field: string): number {
  let seconds: number;
  if (typeof v === "number") seconds = v > 1e11 ? Math.floor(v / 1000) : Math.floor(v);
  else if (/^\d+(\.\d+)?$/.test(v)) seconds = toSeconds(Number(v), field);
  else {
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) fail(field, `"${v}" is neither UNIX seconds nor an RFC 3339 time`);
    seconds = Math.floor(ms / 1000);
  }
  if (!(seconds >= 0 && seconds <= MAX_RECORD_SECONDS)) fail(field, `${String(v)} is outside 1970-01-01..9999-12-31`);
  return seconds;
}

/** Longest string a record field may hold (names, labels, policy hits, DNS data are far shorter). */
export const MAX_RECORD_STRING = 8192;

/**
 * The first field of a decoded record that no store can keep: a string (or key) with U+0000, or
 * longer than MAX_RECORD_STRING. Paths use the same spelling as schema errors (`a.b[2]`).
 */
function hostileField(value: unknown): Fail | undefined {
  return isStorable(value) ? undefined : firstHostileField(value);
}

/**
 * Whether every string and key of a decoded value is storable (no NUL, not too long): the
 * common answer, found without building a path per field (firstHostileField builds them, to
 * name the field, only for a record that fails).
 */
function isStorable(v: unknown): boolean {
  if (typeof v === "string") return v.length <= MAX_RECORD_STRING && !v.includes("\u0000");
  if (typeof v !== "object" || v === null) return true;
  if (Array.isArray(v)) {
    for (const item of v) if (!isStorable(item)) return false;
    return true;
  }
  for (const k in v) {
    if (k.length > MAX_RECORD_STRING || k.includes("\u0000") || !isStorable((v as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * Whether a JSON text that parsed holds only storable strings and keys, read off the text
 * without walking the decoded value (isStorable walked every string of every record: ~6 µs a
 * record, a tenth of the console's work per record over HTTP). Sufficient, not necessary: a
 * decoded string is never longer than the text it came from, and JSON can only carry U+0000 in
 * a string as the escape `\u0000` (JSON.parse refuses a raw control character), so a short
 * text without that escape is storable. Anything else is walked (a text holding the six
 * characters `\\u0000`, an escaped backslash, is walked and passes).
 */
function storableText(text: string): boolean {
  return text.length <= MAX_RECORD_STRING && !text.includes("\\u0000");
}

/** hostileField's answer for a value isStorable refused: the first such field, with its path. */
function firstHostileField(value: unknown): Fail | undefined {
  const stack: { readonly v: unknown; readonly path: string }[] = [{ v: value, path: "" }];
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: string }; // length checked by the loop
    if (typeof v === "string") {
      if (v.includes("\u0000")) return { field: path, message: "must not contain NUL (U+0000) characters" };
      if (v.length > MAX_RECORD_STRING) return { field: path, message: `must be at most ${MAX_RECORD_STRING} characters (got ${v.length})` };
    } else if (Array.isArray(v)) {
      v.forEach((item: unknown, i) => stack.push({ v: item, path: `${path}[${i}]` }));
    } else if (typeof v === "object" && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        const keyPath = path === "" ? k : `${path}.${k}`;
        if (k.includes("\u0000") || k.length > MAX_RECORD_STRING) return { field: keyPath.replaceAll("\u0000", "\\0").slice(0, 200), message: "is not a valid field name" };
        stack.push({ v: item, path: keyPath });
      }
    }
  }
  return undefined;
}

/** Converts any accepted labels form into a map; null for "not reported / aggregated". */
export function toLabels(v: z.infer<typeof labelsSchema> | undefined): FlowLabels | null {
  if (v === undefined || v === null || v === "-") return null;
  let list: readonly string[];
  if (Array.isArray(v)) list = v;
  // felix's object (the union's second branch): its `labels` was validated by zod as string[] | null.
  // A plain map whose one label is named "labels" has a string there and is the first branch.
  else if ("labels" in v && (Array.isArray(v.labels) || v.labels === null)) list = (v.labels as string[] | null) ?? [];
  else return { ...(v as Record<string, string>) }; // the record branch of the union
  const out: Record<string, string> = {};
  for (const kv of list) {
    const eq = kv.indexOf("=");
    if (eq > 0) out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

function checkIp(v: string | null | undefined, field: string): string | null {
  if (v === undefined || v === null || v === "" || v === FIELD_NOT_INCLUDED) return null;
  if (parseIp(v) === undefined) fail(field, `"${v}" is not an IP address`);
  return v;
}

function endpointOf(w: FlowWire, side: "source" | "dest"): FlowEndpoint {
  const namespace = side === "source" ? w.source_namespace : w.dest_namespace;
  const name = side === "source" ? w.source_name : w.dest_name;
  const ip = checkIp(side === "source" ? w.source_ip : w.dest_ip, `${side}_ip`);
  const typeText = side === "source" ? w.source_type : w.dest_type;
  let type: EndpointType;
  if (typeText === undefined) type = namespace !== FIELD_NOT_INCLUDED && namespace !== "" ? "wep" : "net";
  else if ((ENDPOINT_TYPES as readonly string[]).includes(typeText)) type = typeText as EndpointType; // checked by includes
  else fail(`${side}_type`, `"${typeText}" is not one of ${ENDPOINT_TYPES.join(", ")}`);
  const aggrText = side === "source" ? w.source_name_aggr : w.dest_name_aggr;
  const nameAggr = aggrText ?? (type === "net" ? (ip !== null ? netClassOf(ip) : "pub") : name);
  const port = side === "source" ? w.source_port : w.dest_port;
  return {
    type,
    namespace: namespace === "" ? FIELD_NOT_INCLUDED : namespace,
    name: name === "" ? FIELD_NOT_INCLUDED : name,
    nameAggr,
    ip,
    port: port ?? null,
    labels: toLabels(side === "source" ? w.source_labels : w.dest_labels),
  };
}

/**
 * Policy entries already checked, with their error (undefined: valid). A cluster's flow records
 * repeat a few hundred distinct entries endlessly; checking each once per process instead of
 * once per record was a fifth of a shipper's batch's parse time. Bounded: emptied when full.
 */
const checkedEntries = new Map<string, string | undefined>();
const CHECKED_ENTRIES_MAX = 4096;

function entryError(entry: string): string | undefined {
  if (checkedEntries.has(entry)) return checkedEntries.get(entry);
  const r = parsePolicyHit(entry);
  const error = r.ok ? undefined : r.error;
  if (checkedEntries.size >= CHECKED_ENTRIES_MAX) checkedEntries.clear();
  checkedEntries.set(entry, error);
  return error;
}

function checkedTrace(list: readonly string[] | null | undefined, field: string): string[] {
  const out: string[] = [];
  (list ?? []).forEach((entry, i) => {
    const error = entryError(entry);
    if (error !== undefined) fail(`${field}[${i}]`, error);
    out.push(entry);
  });
  return out;
}

/** Enforced trace from the deprecated all_policies: drop staged hits and renumber, as felix does. */
function enforcedFromAll(all: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of all) {
    const r = parsePolicyHit(entry);
    if (!r.ok || r.value.staged) continue;
    out.push([String(out.length), ...entry.split("|").slice(1)].join("|"));
  }
  return out;
}

function policiesOf(w: FlowWire): FlowPolicies | null {
  const p = w.policies;
  if (p === undefined || p === null) return null;
  const all = checkedTrace(p.all_policies, "policies.all_policies");
  const enforced = p.enforced_policies !== undefined && p.enforced_policies !== null ? checkedTrace(p.enforced_policies, "policies.enforced_policies") : enforcedFromAll(all);
  const pending = checkedTrace(p.pending_policies, "policies.pending_policies");
  const transit = checkedTrace(p.transit_policies, "policies.transit_policies");
  return { enforced, pending, ...(transit.length > 0 ? { transit } : {}) };
}

function tcpOf(w: FlowWire): TcpStats | undefined {
  const values = [w.tcp_mean_send_congestion_window, w.tcp_min_send_congestion_window, w.tcp_mean_smooth_rtt, w.tcp_max_smooth_rtt, w.tcp_mean_min_rtt, w.tcp_max_min_rtt, w.tcp_mean_mss, w.tcp_min_mss, w.tcp_total_retransmissions, w.tcp_lost_packets, w.tcp_unrecovered_to];
  if (values.every((v) => v === undefined)) return undefined;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0, i = 0, j = 0, k = 0] = values;
  return { meanSendCongestionWindow: a, minSendCongestionWindow: b, meanSmoothRtt: c, maxSmoothRtt: d, meanMinRtt: e, maxMinRtt: f, meanMss: g, minMss: h, totalRetransmissions: i, lostPackets: j, unrecoveredTo: k };
}

function domainsOf(v: FlowWire["dest_domains"]): string[] {
  if (v === undefined || v === null) return [];
  const list = typeof v === "string" ? v.split(",") : v;
  return list.map((d) => d.trim()).filter((d) => d !== "" && d !== FIELD_NOT_INCLUDED);
}

function toFlowLog(w: FlowWire): FlowLog {
  const startTime = toSeconds(w.start_time, "start_time");
  const endTime = toSeconds(w.end_time, "end_time");
  if (endTime < startTime) fail("end_time", `end_time ${endTime} is before start_time ${startTime}`);
  const action = w.action.toLowerCase();
  if (action !== "allow" && action !== "deny") fail("action", `"${w.action}" is not allow or deny`);
  const reporter = w.reporter.toLowerCase();
  if (reporter !== "src" && reporter !== "dst") fail("reporter", `"${w.reporter}" is not src or dst`);
  const protoRaw = w.proto ?? w.protocol;
  if (protoRaw === undefined) fail("proto", "required");
  const proto = toFlowProto(protoRaw);
  if (proto === undefined) fail("proto", `"${protoRaw}" is not a protocol name or number 0-255`);
  const svcPort = w.dest_service_port;
  const portNum = w.dest_service_port_num ?? (typeof svcPort === "number" ? svcPort : null);
  const tcp = tcpOf(w);
  return {
    startTime,
    endTime,
    ...(w.host !== undefined && w.host !== "" ? { host: w.host } : {}),
    source: endpointOf(w, "source"),
    dest: endpointOf(w, "dest"),
    destService: {
      namespace: w.dest_service_namespace || FIELD_NOT_INCLUDED,
      name: w.dest_service_name || FIELD_NOT_INCLUDED,
      portName: typeof svcPort === "string" && svcPort !== "" ? svcPort : FIELD_NOT_INCLUDED,
      portNum: portNum === 0 ? null : portNum,
    },
    destDomains: domainsOf(w.dest_domains),
    proto,
    action,
    reporter,
    policies: policiesOf(w),
    bytesIn: w.bytes_in,
    bytesOut: w.bytes_out,
    packetsIn: w.packets_in,
    packetsOut: w.packets_out,
    numFlows: w.num_flows,
    numFlowsStarted: w.num_flows_started,
    numFlowsCompleted: w.num_flows_completed,
    ...(tcp !== undefined ? { tcp } : {}),
  };
}

function decode(raw: unknown, line: number): Result<unknown, RecordParseError> {
  if (typeof raw !== "string") return ok(raw);
  try {
    return ok(JSON.parse(raw) as unknown);
  } catch (e) {
    return err({ line, field: "", message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` });
  }
}

/**
 * Decodes, checks and converts one record. `quick`, when given, checks the usual record without
 * the schema (wire.ts conformingFlowWire): its answer is the schema's, or undefined to let the
 * schema decide.
 */
function runParse<W, T>(schema: z.ZodType<W>, convert: (w: W) => T, raw: unknown, line: number, quick?: (v: unknown) => W | undefined): Result<T, RecordParseError> {
  const decoded = decode(raw, line);
  if (!decoded.ok) return decoded;
  if (typeof decoded.value !== "object" || decoded.value === null || Array.isArray(decoded.value)) {
    return err({ line, field: "", message: "a record must be a JSON object" });
  }
  const hostile = typeof raw === "string" && storableText(raw) ? undefined : hostileField(decoded.value);
  if (hostile !== undefined) return err({ line, ...hostile });
  let wire = quick?.(decoded.value);
  if (wire === undefined) {
    const parsed = schema.safeParse(decoded.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = (issue?.path ?? []).map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`)).join("");
      return err({ line, field, message: issue?.message ?? "invalid record" });
    }
    wire = parsed.data;
  }
  try {
    return ok(convert(wire));
  } catch (e) {
    if (e instanceof FieldFailure) return err({ line, ...e.fail });
    throw e;
  }
}

/**
 * Parses one flow-log record: a JSON text line or an already-decoded object in Calico's
 * snake_case spelling (felix flows.log, Linseed/Elasticsearch documents; `protocol` is accepted
 * for `proto`). `line` is the 1-based line number reported in errors. Never throws.
 */
export function parseFlowLogRecord(raw: unknown, line: number): Result<FlowLog, RecordParseError> {
  return runParse(flowWireSchema, toFlowLog, raw, line, conformingFlowWire);
}

/** parseFlowLogRecord with every record checked by the schema: the reference the quick check is compared with (parse.fuzz.test.ts). */
export function parseFlowLogRecordBySchema(raw: unknown, line: number): Result<FlowLog, RecordParseError> {
  return runParse(flowWireSchema, toFlowLog, raw, line);
}

/** Parses one DNS-log record (docs "Configure DNS logs"). Never throws. */
export function parseDnsLogRecord(raw: unknown, line: number): Result<DnsLog, RecordParseError> {
  return runParse(
    dnsWireSchema,
    (w): DnsLog => {
      const startTime = toSeconds(w.start_time, "start_time");
      const endTime = toSeconds(w.end_time, "end_time");
      if (endTime < startTime) fail("end_time", `end_time ${endTime} is before start_time ${startTime}`);
      return {
        startTime,
        endTime,
        type: w.type,
        count: w.count,
        clientIp: checkIp(w.client_ip, "client_ip"),
        clientName: w.client_name,
        clientNameAggr: w.client_name_aggr,
        clientNamespace: w.client_namespace,
        clientLabels: toLabels(w.client_labels) ?? {},
        qname: w.qname,
        qtype: String(w.qtype),
        qclass: String(w.qclass),
        rcode: String(w.rcode),
        rrsets: (w.rrsets ?? []).map((r) => ({ name: r.name, type: String(r.type), class: String(r.class), rdata: r.rdata ?? [] })),
        servers: (w.servers ?? []).map((s, i) => ({
          ip: checkIp(s.ip, `servers[${i}].ip`) ?? s.ip,
          name: s.name,
          nameAggr: s.name_aggr,
          namespace: s.namespace,
          labels: toLabels(s.labels) ?? {},
        })),
        ...(w.latency_count !== undefined ? { latencyCount: w.latency_count } : {}),
        ...(w.latency_mean !== undefined ? { latencyMean: w.latency_mean } : {}),
        ...(w.latency_max !== undefined ? { latencyMax: w.latency_max } : {}),
        ...(w.host !== undefined ? { host: w.host } : {}),
      };
    },
    raw,
    line,
  );
}

/**
 * Parses newline-delimited JSON (blank lines skipped): every good record and every error, so a
 * bad line does not lose the rest of a batch. Never throws.
 */
export function parseFlowLogLines(text: string): { readonly records: FlowLog[]; readonly errors: RecordParseError[] } {
  const records: FlowLog[] = [];
  const errors: RecordParseError[] = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    if (lineText.trim() === "") return;
    const r = parseFlowLogRecord(lineText, i + 1);
    if (r.ok) records.push(r.value);
    else errors.push(r.error);
  });
  return { records, errors };
}
