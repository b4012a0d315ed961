/**
 * `palisade simulate --cluster C --policies P [--policies P2] --probes R [--format json|table]`:
 * reads the cluster model, the policy resources and the probes, judges every probe with the
 * policy engine, and prints the verdicts. Nothing is judged unless every input is valid.
 */
import { HELP_FLAG, flagValue, flagValues, hasFlag, parseArgs } from "@/cli/args";
import { SIMULATE_HELP } from "@/cli/help";
import { EXIT, UsageError, readFileOrThrow } from "@/cli/io";
import type { CliIo } from "@/cli/io";
import { writeJson } from "@/cli/output";
import { parseClusterFile } from "@/cli/simulate/cluster-file";
import type { ClusterModel } from "@/cli/simulate/cluster-file";
import { loadPolicyFiles } from "@/cli/simulate/policy-files";
import type { InputError } from "@/cli/simulate/policy-files";
import { parseProbesFile } from "@/cli/simulate/probes-file";
import { toProbeResult, formatResultsTable } from "@/cli/simulate/results";
import { buildPolicySet, evaluate } from "@/lib/policy";
import type { HostEndpointModel } from "@/lib/policy";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

const FORMATS = ["json", "table"] as const;
type Format = (typeof FORMATS)[number];

/** Runs the simulate command; throws UsageError / UnreadableFileError (exit 2). */
export async function runSimulateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(
    argv,
    [
      HELP_FLAG,
      { name: "cluster", short: "c", kind: "string" },
      { name: "policies", short: "p", kind: "string", multiple: true },
      { name: "probes", kind: "string" },
      { name: "format", short: "o", kind: "string" },
      { name: "trace", kind: "boolean" },
    ],
    "simulate",
  );
  if (hasFlag(args, "help")) {
    io.stdout(SIMULATE_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`, "simulate");
  const clusterPath = flagValue(args, "cluster");
  const policyPaths = flagValues(args, "policies");
  const probesPath = flagValue(args, "probes");
  if (clusterPath === undefined) throw new UsageError("--cluster FILE is required", "simulate");
  if (policyPaths.length === 0) throw new UsageError("--policies FILE is required (an empty file means no policies)", "simulate");
  if (probesPath === undefined) throw new UsageError("--probes FILE is required", "simulate");
  const format = flagValue(args, "format") ?? "json";
  if (!isFormat(format)) throw new UsageError(`--format must be json or table, got "${format}"`, "simulate");

  // Read everything first: an unreadable file is a usage error (exit 2) even if another is invalid.
  const clusterText = await readFileOrThrow(io, clusterPath);
  const policyTexts = [];
  for (const path of policyPaths) policyTexts.push({ path, text: await readFileOrThrow(io, path) });
  const probesText = await readFileOrThrow(io, probesPath);

  const parsedCluster = parseClusterFile(clusterText);
  if (!parsedCluster.ok) return writeInputErrors(io, "cluster", parsedCluster.error.map((e) => ({ file: clusterPath, ...e })));
  const policies = loadPolicyFiles(policyTexts);
  if (!policies.ok) return writeInputErrors(io, "resources", policies.error);
  const cluster = withHostEndpoints(parsedCluster.value, policies.value.hostEndpoints);
  if (!cluster.ok) return writeInputErrors(io, "resources", cluster.error);
  const probes = parseProbesFile(probesText, cluster.value);
  if (!probes.ok) return writeInputErrors(io, "probes", probes.error.map((e) => ({ file: probesPath, ...e })));

  const set = buildPolicySet({
    namespaces: cluster.value.namespaces,
    endpoints: cluster.value.endpoints,
    services: cluster.value.services,
    resources: [...cluster.value.networkSets, ...policies.value.resources],
  });
  if (!set.ok) return writeInputErrors(io, "resources", set.error.map((e) => ({ ...e })));

  const withTrace = hasFlag(args, "trace");
  const results = probes.value.map((probe) => toProbeResult(probe, evaluate(set.value, probe.connection), withTrace));
  if (format === "table") io.stdout(formatResultsTable(results));
  else writeJson(io, results);
  return EXIT.ok;
}

/** Adds the HostEndpoint resources of the policy files to the cluster (a name may appear once). */
function withHostEndpoints(cluster: ClusterModel, hosts: readonly HostEndpointModel[]): Result<ClusterModel, InputError[]> {
  const names = new Set(cluster.endpoints.flatMap((e) => (e.kind === "host" ? [e.name] : [])));
  const clash = hosts.find((h) => names.has(h.name));
  if (clash !== undefined) return err([{ kind: "HostEndpoint", name: clash.name, path: "metadata.name", message: `host endpoint "${clash.name}" is also in the cluster file` }]);
  return ok({ ...cluster, endpoints: [...cluster.endpoints, ...hosts] });
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/**
 * Prints input errors as one JSON document on stderr: `error` sums them up in one line
 * (`invalid probes in p.json: probes[3].port: required for TCP`), `errors` lists them all.
 */
export function writeInputErrors(io: CliIo, what: string, errors: readonly InputError[]): number {
  const first = errors[0];
  const where = first?.file === undefined ? "" : ` in ${first.file}`;
  const located = (e: InputError) => {
    const doc = e.document === undefined ? "" : `document ${e.document}${e.line === undefined ? "" : ` (line ${e.line})`}: `;
    return `${doc}${e.path === "" ? "" : `${e.path}: `}${e.message}`;
  };
  const summary = errors.slice(0, 3).map(located).join("; ") + (errors.length > 3 ? `; and ${errors.length - 3} more` : "");
  writeJson(io, { error: `invalid ${what}${where}: ${summary}`, errors }, "stderr");
  return EXIT.invalid;
}
