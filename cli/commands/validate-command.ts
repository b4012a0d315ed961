/**
 * `palisade validate -f FILE [-f FILE...]`: parses the flags, then hands the files to
 * runValidate (cli/commands/validate.ts), which owns the report and the exit code.
 */
import { HELP_FLAG, flagValues, hasFlag, parseArgs } from "@/cli/args";
import { VALIDATE_HELP } from "@/cli/help";
import { EXIT, UsageError } from "@/cli/io";
import type { CliIo } from "@/cli/io";

/** Runs the validate command; throws UsageError on bad flags (runCli reports it, exit 2). */
export async function runValidateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [HELP_FLAG, { name: "filename", short: "f", kind: "string", multiple: true }], "validate");
  if (hasFlag(args, "help")) {
    io.stdout(VALIDATE_HELP);
    return EXIT.ok;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]} (files go after -f)`, "validate");
  const files = flagValues(args, "filename");
  if (files.length === 0) throw new UsageError("at least one -f FILE is required", "validate");
  const { runValidate } = await import("@/cli/commands/validate");
  return runValidate({ files: [...files] }, io);
}
