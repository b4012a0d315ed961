/**
 * `palisade selector EXPR [--labels k=v,... | --labels-json JSON]` and
 * `palisade selector --batch FILE.json`: parse a Calico selector, print its canonical form and
 * whether it matches the labels. The JSON result objects are a contract (see cli/DESIGN.md).
 */
import { HELP_FLAG, flagValue, hasFlag, parseArgs } from "@/cli/args";
import { SELECTOR_HELP } from "@/cli/help";
import { EXIT, UsageError, readFileOrThrow } from "@/cli/io";
import type { CliIo } from "@/cli/io";
import { writeJson } from "@/cli/output";
import { parseSelector } from "@/lib/selector";

/** One selector's result, exactly as printed. */
export type SelectorResult =
  | { readonly valid: true; readonly matches: boolean; readonly canonical: string }
  | { readonly valid: false; readonly error: string; readonly offset: number };

type Labels = Readonly<Record<string, string>>;

/** Evaluates one selector against labels; never throws (invalid selectors are a result). */
export function evaluateSelector(expression: string, labels: Labels): SelectorResult {
  const parsed = parseSelector(expression);
  if (!parsed.ok) return { valid: false, error: parsed.error.message, offset: parsed.error.offset };
  return { valid: true, matches: parsed.value.matches(labels), canonical: parsed.value.canonical };
}

/** Runs the selector command; throws UsageError / UnreadableFileError (exit 2). */
export async function runSelectorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(
    argv,
    [
      HELP_FLAG,
      { name: "labels", short: "l", kind: "string" },
      { name: "labels-json", kind: "string" },
      { name: "batch", kind: "string" },
    ],
    "selector",
  );
  if (hasFlag(args, "help")) {
    io.stdout(SELECTOR_HELP);
    return EXIT.ok;
  }
  const batch = flagValue(args, "batch");
  if (batch !== undefined) {
    if (args.positionals.length > 0 || hasFlag(args, "labels") || hasFlag(args, "labels-json")) {
      throw new UsageError("--batch takes no EXPR, --labels or --labels-json", "selector");
    }
    return runBatch(batch, io);
  }
  const [expression, extra] = args.positionals;
  if (expression === undefined) throw new UsageError("missing selector EXPR", "selector");
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra} (quote the selector)`, "selector");
  const labels = labelsFromFlags(flagValue(args, "labels"), flagValue(args, "labels-json"));
  const result = evaluateSelector(expression, labels);
  writeJson(io, result);
  return result.valid ? EXIT.ok : EXIT.invalid;
}

function labelsFromFlags(pairs: string | undefined, json: string | undefined): Labels {
  if (pairs !== undefined && json !== undefined) throw new UsageError("give --labels or --labels-json, not both", "selector");
  if (json !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      throw new UsageError("--labels-json is not valid JSON", "selector");
    }
    const labels = asLabels(value);
    if (labels === undefined) throw new UsageError("--labels-json must be a JSON object of string values", "selector");
    return labels;
  }
  if (pairs === undefined || pairs.trim() === "") return {};
  const labels: Record<string, string> = {};
  for (const pair of pairs.split(",")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--labels entry "${pair}" is not key=value`, "selector");
    const key = pair.slice(0, eq).trim();
    if (Object.hasOwn(labels, key)) throw new UsageError(`--labels gives "${key}" twice`, "selector");
    labels[key] = pair.slice(eq + 1).trim();
  }
  return labels;
}

function asLabels(value: unknown): Labels | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (!entries.every(([, v]) => typeof v === "string")) return undefined;
  return Object.fromEntries(entries) as Labels; // every value checked to be a string just above
}

async function runBatch(path: string, io: CliIo): Promise<number> {
  const text = await readFileOrThrow(io, path);
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (e) {
    return batchInvalid(io, path, "$", `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!Array.isArray(entries)) return batchInvalid(io, path, "$", "must be a JSON array of {selector, labels}");
  const results: SelectorResult[] = [];
  for (const [i, entry] of entries.entries()) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      return batchInvalid(io, path, `[${i}]`, "must be an object {selector, labels}");
    }
    const selector: unknown = "selector" in entry ? entry.selector : undefined;
    if (typeof selector !== "string") return batchInvalid(io, path, `[${i}].selector`, "required, a string");
    const rawLabels: unknown = "labels" in entry ? entry.labels : {};
    const labels = rawLabels === null ? {} : asLabels(rawLabels);
    if (labels === undefined) return batchInvalid(io, path, `[${i}].labels`, "must be an object of string values");
    results.push(evaluateSelector(selector, labels));
  }
  writeJson(io, results);
  return EXIT.ok;
}

function batchInvalid(io: CliIo, file: string, path: string, message: string): number {
  writeJson(io, { error: `invalid batch file ${file}: ${path}: ${message}`, errors: [{ file, path, message }] }, "stderr");
  return EXIT.invalid;
}
