/**
 * Flow identity. FlowKey follows Goldmane's FlowKey (goldmane/proto/api.proto): who talked to
 * whom, how, the verdict and the enforced trace, without time, IPs or counters. The idempotency
 * key adds what makes one stored record unique (interval, reporter, host, IPs and ports at the
 * record's aggregation level), so a retried batch maps onto the rows it already wrote.
 */
import { sha256Hex } from "@/lib/flows/sha256";
import type { FlowLog } from "@/lib/flows/types";

/** Goldmane-style flow key as a string (fields joined by U+001F, which no Calico name contains). */
export function flowKeyOf(f: FlowLog): string {
  return [
    f.source.type,
    f.source.namespace,
    f.source.nameAggr,
    f.dest.type,
    f.dest.namespace,
    f.dest.nameAggr,
    f.dest.port ?? "",
    f.destService.namespace,
    f.destService.name,
    f.destService.portName,
    f.destService.portNum ?? "",
    f.proto,
    f.reporter,
    f.action,
    (f.policies?.enforced ?? []).join(","),
  ].join("\u001f");
}

/**
 * The fields that identify one record within its interval (everything but counters and labels),
 * joined by U+001F: the text the idempotency key hashes. Exported so the server can hash it with
 * node:crypto (same digest, many times faster than the portable sha256Hex).
 */
export function recordIdentityOf(f: FlowLog): string {
  const enforced = [...(f.policies?.enforced ?? [])].sort().join(",");
  return [
    f.startTime,
    f.endTime,
    f.reporter,
    f.host ?? "",
    f.action,
    f.proto,
    f.source.type,
    f.source.namespace,
    f.source.name,
    f.source.nameAggr,
    f.source.ip ?? "",
    f.source.port ?? "",
    f.dest.type,
    f.dest.namespace,
    f.dest.name,
    f.dest.nameAggr,
    f.dest.ip ?? "",
    f.dest.port ?? "",
    f.destService.namespace,
    f.destService.name,
    f.destService.portName,
    f.destService.portNum ?? "",
    enforced,
  ].join("\u001f");
}

/**
 * A deterministic idempotency key for a record: the first 32 hex digits (128 bits) of SHA-256
 * over its identity, interval and reporter. Equal for a record and its retried copy whatever its
 * counters; different for different intervals, reporters, endpoints, ports or enforced traces.
 * Policy entries are sorted first because Calico writes them in arbitrary order. Never throws.
 */
export function idempotencyKeyOf(f: FlowLog): string {
  return sha256Hex(recordIdentityOf(f)).slice(0, 32);
}
