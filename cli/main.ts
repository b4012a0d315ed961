/**
 * Entry point of the `palisade` command line: dispatches to the commands, prints help, and turns
 * every failure into a message and an exit code (never a stack trace). Commands load lazily so
 * that `palisade --help` and `palisade selector` do not pay for the policy engine.
 */
import { EXIT, UnreadableFileError, UsageError } from "@/cli/io";
import type { CliIo } from "@/cli/io";
import { HELP_BY_COMMAND, MAIN_HELP } from "@/cli/help";

/** The version printed by `palisade version`. */
export const VERSION = "0.1.0";

type CommandRunner = (argv: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, () => Promise<CommandRunner>>> = {
  validate: async () => (await import("@/cli/commands/validate-command")).runValidateCommand,
  selector: async () => (await import("@/cli/commands/selector")).runSelectorCommand,
  simulate: async () => (await import("@/cli/commands/simulate")).runSimulateCommand,
  lint: async () => (await import("@/cli/commands/lint")).runLintCommand,
};

/**
 * Runs `palisade` with `argv` (without the node and script paths) and resolves to the exit code.
 * Never rejects: unexpected errors print `palisade: internal error: ...` and give exit code 3.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    return reportError(e, io);
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(MAIN_HELP);
    return EXIT.usage;
  }
  if (first === "-h" || first === "--help") {
    io.stdout(MAIN_HELP);
    return EXIT.ok;
  }
  if (first === "-v" || first === "--version" || first === "version") {
    if (first === "version" && rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`, "version");
    io.stdout(`palisade ${VERSION}\n`);
    return EXIT.ok;
  }
  if (first === "help") return printCommandHelp(rest, io);
  const load = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (load === undefined) {
    if (first.startsWith("-")) throw new UsageError(`unknown flag ${first}`);
    throw new UsageError(`unknown command "${first}"`);
  }
  const run = await load();
  return run(rest, io);
}

function printCommandHelp(rest: readonly string[], io: CliIo): number {
  const [topic, extra] = rest;
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`, "help");
  if (topic === undefined) {
    io.stdout(MAIN_HELP);
    return EXIT.ok;
  }
  const text = Object.hasOwn(HELP_BY_COMMAND, topic) ? HELP_BY_COMMAND[topic] : undefined;
  if (text === undefined) throw new UsageError(`unknown command "${topic}"`, "help");
  io.stdout(text);
  return EXIT.ok;
}

function reportError(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    const hint = e.command === undefined ? "palisade --help" : `palisade ${e.command} --help`;
    const prefix = e.command === undefined ? "palisade" : `palisade ${e.command}`;
    io.stderr(`${prefix}: ${e.message}\nRun '${hint}' for usage.\n`);
    return EXIT.usage;
  }
  if (e instanceof UnreadableFileError) {
    io.stderr(`palisade: ${e.message}\n`);
    return EXIT.usage;
  }
  // First line only: Node appends require stacks and the like to some messages.
  const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  io.stderr(`palisade: internal error: ${message}\n`);
  return EXIT.internal;
}
