/**
 * `palisade lint --cluster C --policies P [--policies P2] [--probes R] [--format json|table]
 * [--fail-on info|warning|error|none]`: the policy analyser of lib/policy (lintPolicies) on a
 * cluster model and policy files. Staged policies are judged on the probes when given, else on
 * every pair of endpoints over the destination's declared ports (TCP without port when none).
 * Rules unused in the flow history need the console's flows: the console runs that analysis
 * (the board badges), not this command. Exit 1 when a finding is at or above --fail-on.
 */
import { HELP_FLAG, flagValue, flagValues, hasFlag, parseArgs } from "@/cli/args";
import { LINT_HELP } from "@/cli/help";
import { EXIT, UsageError, readFileOrThrow } from "@/cli/io";
import type { CliIo } from "@/cli/io";
import { formatTable, writeJson } from "@/cli/output";
import { parseClusterFile } from "@/cli/simulate/cluster-file";
import { loadPolicyFiles } from "@/cli/simulate/policy-files";
import { parseProbesFile } from "@/cli/simulate/probes-file";
import { writeInputErrors } from "@/cli/commands/simulate";
import type { Connection, EndpointModel, LintFinding, LintSeverity } from "@/lib/policy";
import { LINT_SEVERITIES, buildPolicySet, lintPolicies, ruleIndexLabel, severityRank } from "@/lib/policy";

const FORMATS = ["json", "table"] as const;
const FAIL_ON = [...LINT_SEVERITIES, "none"] as const;
/** Most connections the built-in matrix judges (the probes file is not capped). */
export const MAX_MATRIX = 200_000;

/** Every ordered pair of endpoints on the destination's declared ports, capped at MAX_MATRIX. */
export function endpointMatrix(endpoints: readonly EndpointModel[]): Connection[] {
  const out: Connection[] = [];
  for (const dst of endpoints) {
    const ports: { protocol: Connection["protocol"]; port: number | undefined }[] =
      dst.ports !== undefined && dst.ports.length > 0 ? dst.ports.map((p) => ({ protocol: p.protocol ?? "TCP", port: p.port })) : [{ protocol: "TCP", port: undefined }];
    for (const src of endpoints) {
      if (src === dst) continue;
      for (const p of ports) {
        if (out.length >= MAX_MATRIX) return out;
        out.push({ source: { kind: "endpoint", endpoint: src }, destination: { kind: "endpoint", endpoint: dst }, protocol: p.protocol, ...(p.port !== undefined ? { port: p.port } : {}) });
      }
    }
  }
  return out;
}

function where(f: LintFinding): string {
  const name = f.policy.namespace !== undefined ? `${f.policy.namespace}/${f.policy.name}` : f.policy.name;
  return f.rule === undefined ? name : `${name} ${ruleIndexLabel(f.rule.index, f.rule.direction)}`;
}

/** Runs the lint command; throws UsageError / UnreadableFileError (exit 2). */
export async function runLintCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(
    argv,
    [
      HELP_FLAG,
      { name: "cluster", short: "c", kind: "string" },
      { name: "policies", short: "p", kind: "string", multiple: true },
      { name: "probes", kind: "string" },
      { name: "format", short: "o", kind: "string" },
      { name: "fail-on", kind: "string" },
    ],
    "lint",
  );
  if (hasFlag(args, "help")) {
    io.stdout(LINT_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`, "lint");
  const clusterPath = flagValue(args, "cluster");
  const policyPaths = flagValues(args, "policies");
  const probesPath = flagValue(args, "probes");
  if (clusterPath === undefined) throw new UsageError("--cluster FILE is required", "lint");
  if (policyPaths.length === 0) throw new UsageError("--policies FILE is required", "lint");
  const format = flagValue(args, "format") ?? "json";
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be json or table, got "${format}"`, "lint");
  const failOn = flagValue(args, "fail-on") ?? "warning";
  if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(", ")}, got "${failOn}"`, "lint");

  const clusterText = await readFileOrThrow(io, clusterPath);
  const policyTexts = [];
  for (const path of policyPaths) policyTexts.push({ path, text: await readFileOrThrow(io, path) });
  const probesText = probesPath === undefined ? undefined : await readFileOrThrow(io, probesPath);

  const cluster = parseClusterFile(clusterText);
  if (!cluster.ok) return writeInputErrors(io, "cluster", cluster.error.map((e) => ({ file: clusterPath, ...e })));
  const policies = loadPolicyFiles(policyTexts);
  if (!policies.ok) return writeInputErrors(io, "resources", policies.error);
  const endpoints = [...cluster.value.endpoints, ...policies.value.hostEndpoints];
  const model = { ...cluster.value, endpoints };
  let connections: Connection[];
  if (probesText !== undefined && probesPath !== undefined) {
    const probes = parseProbesFile(probesText, model);
    if (!probes.ok) return writeInputErrors(io, "probes", probes.error.map((e) => ({ file: probesPath, ...e })));
    connections = probes.value.map((p) => p.connection);
  } else connections = endpointMatrix(endpoints);
  const resources = [...cluster.value.networkSets, ...policies.value.resources];
  const set = buildPolicySet({ namespaces: cluster.value.namespaces, endpoints, services: cluster.value.services, resources });
  if (!set.ok) return writeInputErrors(io, "resources", set.error.map((e) => ({ ...e })));

  const findings = lintPolicies({ set: set.value, resources, connections });
  const summary = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity] += 1;
  if (format === "table") {
    io.stdout(findings.length === 0 ? "No findings.\n" : formatTable(["SEVERITY", "CODE", "WHERE", "WHY"], findings.map((f) => [f.severity, f.code, where(f), f.message])));
  } else writeJson(io, { findings, summary });
  const threshold = failOn === "none" ? undefined : severityRank(failOn as LintSeverity);
  return threshold !== undefined && findings.some((f) => severityRank(f.severity) >= threshold) ? EXIT.invalid : EXIT.ok;
}
