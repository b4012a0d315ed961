/**
 * A small, strict argv parser: every command declares its flags, anything else is a usage error
 * (exit 2). Forms: `--name value`, `--name=value`, `-n value`, `-n=value`; `--` ends the flags.
 * Boolean flags take no value (`--help`, `-h`).
 */
import { UsageError } from "@/cli/io";

export interface FlagSpec {
  /** Long name without dashes (`labels-json`). */
  readonly name: string;
  /** One-letter alias without dash (`f`). */
  readonly short?: string;
  readonly kind: "string" | "boolean";
  /** May repeat (values accumulate in order); otherwise a second occurrence is a usage error. */
  readonly multiple?: boolean;
}

export interface ParsedArgs {
  /** Values by long name; boolean flags map to `[""]`. */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

/** The `--help`/`-h` flag every command accepts. */
export const HELP_FLAG: FlagSpec = { name: "help", short: "h", kind: "boolean" };

/**
 * Parses `argv` against `specs`. Throws UsageError (never anything else) on an unknown flag, a
 * missing value, a value given to a boolean flag, or a repeated single-valued flag.
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], command: string): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.flatMap((s) => (s.short === undefined ? [] : [[s.short, s] as const])));
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i] ?? "";
    i += 1;
    if (arg === "--") {
      positionals.push(...argv.slice(i));
      break;
    }
    // A lone "-" or a negative number is a value, not a flag.
    if (!arg.startsWith("-") || arg === "-" || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const body = arg.slice(long ? 2 : 1);
    const eq = body.indexOf("=");
    const key = eq === -1 ? body : body.slice(0, eq);
    const inline = eq === -1 ? undefined : body.slice(eq + 1);
    const spec = long ? byLong.get(key) : byShort.get(key);
    if (spec === undefined) throw new UsageError(`unknown flag ${arg.split("=")[0]}`, command);
    const shown = long ? `--${spec.name}` : `-${key}`;
    let value: string;
    if (spec.kind === "boolean") {
      if (inline !== undefined) throw new UsageError(`flag ${shown} takes no value`, command);
      value = "";
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i];
      if (next === undefined) throw new UsageError(`flag ${shown} needs a value`, command);
      value = next;
      i += 1;
    }
    const seen = flags.get(spec.name);
    if (seen !== undefined && spec.multiple !== true) throw new UsageError(`flag ${shown} given more than once`, command);
    flags.set(spec.name, [...(seen ?? []), value]);
  }
  return { flags, positionals };
}

/** The single value of a string flag, or undefined. */
export function flagValue(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.[0];
}

/** Every value of a repeatable flag (empty when absent). */
export function flagValues(args: ParsedArgs, name: string): readonly string[] {
  return args.flags.get(name) ?? [];
}

/** Whether a boolean flag was given. */
export function hasFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.has(name);
}
