/**
 * `palisade simulate --cluster C --policies P [--policies P2] --probes R [--format json|ndjson|table]`:
 * reads the cluster model, the policy resources and the probes, judges every probe with the
 * policy engine, and prints the verdicts. Nothing is judged unless every input is valid.
 *
 * Probes stream (probe-stream.ts): a first pass over the file checks every probe and keeps only
 * the errors; a second pass judges them one at a time and writes each verdict as it goes
 * (`json`: one array, written element by element, byte-identical to the whole-array output;
 * `ndjson`: one compact verdict per line). Memory stays bounded whatever the number of probes.
 * `table` needs every row to size its columns, so it holds the results.
 */
import { HELP_FLAG, flagValue, flagValues, hasFlag, parseArgs } from "@/cli/args";
import { SIMULATE_HELP } from "@/cli/help";
import { EXIT, UsageError, openFileStream, readFileOrThrow } from "@/cli/io";
import type { CliIo } from "@/cli/io";
import { writeJson } from "@/cli/output";
import { parseClusterFile } from "@/cli/simulate/cluster-file";
import type { ClusterModel } from "@/cli/simulate/cluster-file";
import { loadPolicyFiles } from "@/cli/simulate/policy-files";
import type { InputError } from "@/cli/simulate/policy-files";
import { ProbeFileSyntaxError, probeTexts } from "@/cli/simulate/probe-stream";
import type { ProbeText } from "@/cli/simulate/probe-stream";
import { TextMemo } from "@/cli/simulate/text-memo";
import { ProbeReader } from "@/cli/simulate/probes-file";
import type { Probe } from "@/cli/simulate/probes-file";
import { probeResultText, toProbeResult, formatResultsTable } from "@/cli/simulate/results";
import type { ProbeResult } from "@/cli/simulate/results";
import type { FieldError } from "@/lib/errors";
import { buildPolicySet, evaluate } from "@/lib/policy";
import type { HostEndpointModel } from "@/lib/policy";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

const FORMATS = ["json", "ndjson", "table"] as const;
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
  if (!isFormat(format)) throw new UsageError(`--format must be json or table or ndjson, got "${format}"`, "simulate");

  // Read everything first: an unreadable file is a usage error (exit 2) even if another is invalid.
  const clusterText = await readFileOrThrow(io, clusterPath);
  const policyTexts = [];
  for (const path of policyPaths) policyTexts.push({ path, text: await readFileOrThrow(io, path) });
  // The probes' first piece is read now, so an unreadable probes file is exit 2 as well.
  const checkPass = await openFileStream(io, probesPath);

  const parsedCluster = parseClusterFile(clusterText);
  if (!parsedCluster.ok) return writeInputErrors(io, "cluster", parsedCluster.error.map((e) => ({ file: clusterPath, ...e })));
  const policies = loadPolicyFiles(policyTexts);
  if (!policies.ok) return writeInputErrors(io, "resources", policies.error);
  const cluster = withHostEndpoints(parsedCluster.value, policies.value.hostEndpoints);
  if (!cluster.ok) return writeInputErrors(io, "resources", cluster.error);
  const reader = new ProbeReader(cluster.value);
  const checked = await checkProbes(checkPass, reader);
  if (checked.errors.length > 0) return writeInputErrors(io, "probes", checked.errors.map((e) => ({ file: probesPath, ...e })), checked.total);

  const set = buildPolicySet({
    namespaces: cluster.value.namespaces,
    endpoints: cluster.value.endpoints,
    services: cluster.value.services,
    resources: [...cluster.value.networkSets, ...policies.value.resources],
  });
  if (!set.ok) return writeInputErrors(io, "resources", set.error.map((e) => ({ ...e })));

  const withTrace = hasFlag(args, "trace");
  const judge = (probe: Probe): ProbeResult => toProbeResult(probe, evaluate(set.value, probe.connection), withTrace);
  if (format === "table") {
    const probes = readProbes(await openFileStream(io, probesPath), reader);
    const results: ProbeResult[] = [];
    for await (const batch of probes) for (const probe of batch) results.push(judge(probe));
    io.stdout(formatResultsTable(results));
    return EXIT.ok;
  }
  // One probe at a time, each verdict written as it goes: only a piece of the file, its
  // element texts and one output chunk are alive at any time (no batch of probes or results,
  // which under a small heap made the garbage collector the main cost).
  const out = new BufferedOutput(io);
  let count = 0;
  let text = "";
  // The same element text always gives the same output: each distinct probe is judged once.
  const outputs = new TextMemo(MEMO_CHARS);
  for await (const batch of probeTexts(await openFileStream(io, probesPath))) {
    for (const element of batch) {
      // JSON.stringify(array, null, 2), element by element: each element indented one level.
      if (format === "json") text += count === 0 ? "[\n  " : ",\n  ";
      let output = outputs.get(element.text);
      if (output === undefined) {
        const probe = readCheckedProbe(reader, element);
        if (withTrace) {
          const result = judge(probe);
          output = format === "ndjson" ? JSON.stringify(result) : JSON.stringify(result, null, 2).replace(NEWLINES, "\n  ");
        } else {
          output = probeResultText(probe, evaluate(set.value, probe.connection), format === "json");
        }
        outputs.set(element.text, output);
      }
      text += output;
      if (format === "ndjson") text += "\n";
      count++;
      if (text.length >= OUTPUT_CHUNK) {
        await out.write(text);
        text = "";
      }
    }
  }
  if (format === "json") text += count === 0 ? "[]\n" : "\n]\n";
  await out.write(text);
  await out.flush();
  return EXIT.ok;
}

const NEWLINES = /\n/g;

/** At most this many probe errors are listed (the summary counts them all). */
const MAX_LISTED_PROBE_ERRORS = 1000;

/** One element's JSON, or the syntax error naming it (reported as the file's error). */
function parseElement(text: string, index: number): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ProbeFileSyntaxError(`not valid JSON: probes[${index}]: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The first pass: checks every probe and keeps only errors (the first MAX_LISTED_PROBE_ERRORS)
 * and their count. A file that is not a JSON array is one error on `probes`, as before.
 */
async function checkProbes(pieces: AsyncIterable<string>, reader: ProbeReader): Promise<{ errors: FieldError[]; total: number }> {
  const errors: FieldError[] = [];
  let total = 0;
  // Element texts already found valid (a valid probe's checks do not depend on its index).
  const valid = new TextMemo(MEMO_CHARS);
  try {
    for await (const batch of probeTexts(pieces)) {
      for (const { index, text } of batch) {
        if (valid.has(text)) continue;
        const read = reader.read(parseElement(text, index), index);
        if (read.ok) {
          valid.set(text, "");
          continue;
        }
        total += read.error.length;
        for (const e of read.error) if (errors.length < MAX_LISTED_PROBE_ERRORS) errors.push(e);
      }
    }
  } catch (e) {
    if (e instanceof ProbeFileSyntaxError) return { errors: [{ path: "probes", message: e.message }], total: 1 };
    throw e;
  }
  return { errors, total };
}

/**
 * Characters (keys and values) each pass remembers at most (TextMemo): ~32 MB of one-byte text,
 * a quarter of the 128 MB heap the bench allows; about 40,000 distinct probes in pretty JSON.
 */
const MEMO_CHARS = 1 << 25;

/** Output is handed to the writer in pieces of about this many characters. */
const OUTPUT_CHUNK = 1 << 16;

/** A probe of the second pass (the first pass found them all valid). */
function readCheckedProbe(reader: ProbeReader, { index, text }: ProbeText): Probe {
  const read = reader.read(parseElement(text, index), index);
  // Only if the file changed between the passes: stop rather than print a partial answer as whole.
  if (!read.ok) throw new Error(`the probes file changed while it was read (probes[${index}])`);
  return read.value;
}

/** The second pass: the probes in file order, a batch per piece read (the first pass found them all valid). */
async function* readProbes(pieces: AsyncIterable<string>, reader: ProbeReader): AsyncGenerator<Probe[]> {
  for await (const batch of probeTexts(pieces)) yield batch.map((element) => readCheckedProbe(reader, element));
}

/** Collects output and writes it in large pieces, waiting when standard output is full. */
class BufferedOutput {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly io: CliIo) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length > 0) this.io.stdout(this.parts.join(""));
    this.parts = [];
    this.size = 0;
    if (this.io.stdoutDrained !== undefined) await this.io.stdoutDrained();
  }
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
export function writeInputErrors(io: CliIo, what: string, errors: readonly InputError[], total = errors.length): number {
  const first = errors[0];
  const where = first?.file === undefined ? "" : ` in ${first.file}`;
  const located = (e: InputError) => {
    const doc = e.document === undefined ? "" : `document ${e.document}${e.line === undefined ? "" : ` (line ${e.line})`}: `;
    return `${doc}${e.path === "" ? "" : `${e.path}: `}${e.message}`;
  };
  const summary = errors.slice(0, 3).map(located).join("; ") + (total > 3 ? `; and ${total - 3} more` : "");
  writeJson(io, { error: `invalid ${what}${where}: ${summary}`, errors }, "stderr");
  return EXIT.invalid;
}
