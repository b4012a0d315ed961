/**
 * The simulate command's output: the per-probe JSON object (a contract, see cli/DESIGN.md) and
 * the readable truth table.
 */
import type { Protocol } from "@/lib/calico/types";
import type { DirectionVerdict, TraceStep, Verdict } from "@/lib/policy";
import type { Probe } from "@/cli/simulate/probes-file";
import { formatTable } from "@/cli/output";

/** One direction as printed; tier/policy/rule are null when a profile (or nothing) decided. */
export interface DirectionResult {
  readonly action: "Allow" | "Deny";
  readonly tier: string | null;
  readonly policy: string | null;
  readonly rule: number | null;
  readonly reason: string;
  /** Only with --trace. */
  readonly profile?: string | null;
  /** Only with --trace. */
  readonly trace?: readonly TraceStep[];
}

/** One probe's result, exactly as printed in the JSON array. */
export interface ProbeResult {
  readonly from: unknown;
  readonly to: unknown;
  readonly port: number | null;
  readonly protocol: Protocol;
  readonly allowed: boolean;
  readonly egress: DirectionResult | null;
  readonly ingress: DirectionResult | null;
  readonly staged: {
    readonly allowed: boolean;
    readonly egress: DirectionResult | null;
    readonly ingress: DirectionResult | null;
  };
}

/** Builds the printed result of one probe from the engine's verdict. */
export function toProbeResult(probe: Probe, verdict: Verdict, withTrace: boolean): ProbeResult {
  const direction = (d: DirectionVerdict | null): DirectionResult | null =>
    d === null
      ? null
      : {
          action: d.action,
          tier: d.tier ?? null,
          policy: d.policy ?? null,
          rule: d.rule ?? null,
          reason: d.reason,
          ...(withTrace ? { profile: d.profile ?? null, trace: d.trace } : {}),
        };
  return {
    from: probe.from,
    to: probe.to,
    port: probe.port,
    protocol: probe.protocol,
    allowed: verdict.allowed,
    egress: direction(verdict.egress),
    ingress: direction(verdict.ingress),
    staged: { allowed: verdict.staged.allowed, egress: direction(verdict.staged.egress), ingress: direction(verdict.staged.ingress) },
  };
}

/** The truth table: one line per probe, enforced verdict, each direction's decider, pending verdict. */
export function formatResultsTable(results: readonly ProbeResult[]): string {
  const rows = results.map((r) => [
    showRef(r.from),
    showRef(r.to),
    String(r.protocol),
    r.port === null ? "-" : String(r.port),
    r.allowed ? "ALLOW" : "DENY",
    showDirection(r.egress),
    showDirection(r.ingress),
    (r.staged.allowed ? "ALLOW" : "DENY") + (r.staged.allowed === r.allowed ? "" : " (changes)"),
  ]);
  return formatTable(["FROM", "TO", "PROTOCOL", "PORT", "VERDICT", "EGRESS", "INGRESS", "STAGED"], rows);
}

function showRef(ref: unknown): string {
  if (typeof ref === "string") return ref;
  if (typeof ref === "object" && ref !== null) {
    const r = ref as Readonly<Record<string, unknown>>; // a probe reference object, checked when the probes were read
    const parts = [r.host === undefined ? "" : `host:${String(r.host)}`, r.domain === undefined ? "" : String(r.domain), r.ip === undefined ? "" : String(r.ip)];
    return parts.filter((p) => p !== "").join(" ");
  }
  return String(ref);
}

function showDirection(d: DirectionResult | null): string {
  if (d === null) return "-";
  if (d.policy !== null) return `${d.action} ${d.policy}${d.rule === null ? "" : `#${d.rule}`}`;
  if (d.reason === "endOfTier" && d.tier !== null) return `${d.action} end of tier ${d.tier}`;
  return `${d.action} ${d.reason === "noPolicy" ? "no policy" : "profiles"}`;
}

/**
 * The JSON text of one probe's result without building the result object: byte-identical to
 * `JSON.stringify(toProbeResult(probe, verdict, false))` (compact, for ndjson) or to that
 * object's place in `JSON.stringify(results, null, 2)` (pretty, an array element: every line
 * after the first indented two more spaces). The streaming simulate output spends most of its
 * time here, so names are quoted once and cached. Not for --trace (use toProbeResult).
 * results.test.ts checks the equality on every reference and verdict form.
 */
export function probeResultText(probe: Probe, verdict: Verdict, pretty: boolean): string {
  if (!pretty) {
    return `{"from":${refText(probe.from, "")},"to":${refText(probe.to, "")},"port":${probe.port === null ? "null" : String(probe.port)},"protocol":${quoteCached(probe.protocol)},"allowed":${verdict.allowed},"egress":${directionText(verdict.egress, null)},"ingress":${directionText(verdict.ingress, null)},"staged":{"allowed":${verdict.staged.allowed},"egress":${directionText(verdict.staged.egress, null)},"ingress":${directionText(verdict.staged.ingress, null)}}}`;
  }
  const i = "    "; // fields of an array element
  const j = "      "; // fields of "staged"
  return `{
${i}"from": ${refText(probe.from, i)},
${i}"to": ${refText(probe.to, i)},
${i}"port": ${probe.port === null ? "null" : String(probe.port)},
${i}"protocol": ${quoteCached(probe.protocol)},
${i}"allowed": ${verdict.allowed},
${i}"egress": ${directionText(verdict.egress, i)},
${i}"ingress": ${directionText(verdict.ingress, i)},
${i}"staged": {
${j}"allowed": ${verdict.staged.allowed},
${j}"egress": ${directionText(verdict.staged.egress, j)},
${j}"ingress": ${directionText(verdict.staged.ingress, j)}
${i}}
  }`;
}

const quoted = new Map<string | number, string>();
const QUOTED_MAX = 10_000;

/** JSON.stringify of a string or number, cached (names repeat across probes). */
function quoteCached(value: string | number): string {
  let q = quoted.get(value);
  if (q === undefined) {
    q = JSON.stringify(value);
    if (quoted.size >= QUOTED_MAX) quoted.clear();
    quoted.set(value, q);
  }
  return q;
}

const NEWLINE = /\n/g;

/** A probe reference as echoed: compact, or pretty with nested lines under `indent`. */
function refText(ref: unknown, indent: string): string {
  if (typeof ref === "string") return quoteCached(ref);
  if (indent === "") return JSON.stringify(ref);
  return JSON.stringify(ref, null, 2).replace(NEWLINE, `\n${indent}`);
}

const orNull = (v: string | number | undefined): string => (v === undefined ? "null" : quoteCached(v));

/** One direction: compact (indent null) or pretty with its key's line at `indent`. */
function directionText(d: DirectionVerdict | null, indent: string | null): string {
  if (d === null) return "null";
  if (indent === null) return `{"action":${quoteCached(d.action)},"tier":${orNull(d.tier)},"policy":${orNull(d.policy)},"rule":${orNull(d.rule)},"reason":${quoteCached(d.reason)}}`;
  const f = `${indent}  `;
  return `{
${f}"action": ${quoteCached(d.action)},
${f}"tier": ${orNull(d.tier)},
${f}"policy": ${orNull(d.policy)},
${f}"rule": ${orNull(d.rule)},
${f}"reason": ${quoteCached(d.reason)}
${indent}}`;
}
