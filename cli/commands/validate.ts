/**
 * `palisade validate -f FILE [-f FILE...]`: validates every document of every file and prints a
 * JSON array, one entry per document in order across files. Exit 0 when all are valid, 1 when
 * any is invalid, 2 when a file cannot be read (nothing is printed on stdout then).
 */
import { parseResources } from "@/lib/calico";

/** The IO the command needs; the CLI passes its CliIo, tests pass fakes. */
export interface ValidateIo {
  readFile(path: string): Promise<string>;
  stdout(s: string): void;
  stderr(s: string): void;
}

/** One line of the report. `kind` is the wire kind as written. */
export interface ValidateEntry {
  readonly kind: string | null;
  readonly name: string | null;
  readonly namespace: string | null;
  readonly valid: boolean;
  readonly errors: readonly { readonly path: string; readonly message: string }[];
}

/** Runs the validation and returns the exit code (0 valid, 1 invalid, 2 unreadable input). */
export async function runValidate(args: { files: string[] }, io: ValidateIo): Promise<number> {
  const texts: string[] = [];
  for (const file of args.files) {
    try {
      texts.push(await io.readFile(file));
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      io.stderr(`palisade validate: cannot read ${file}: ${reason}\n`);
      return 2;
    }
  }
  const entries: ValidateEntry[] = [];
  for (const text of texts) {
    for (const doc of parseResources(text).documents) {
      entries.push({
        kind: doc.kind ?? null,
        name: doc.name ?? null,
        namespace: doc.namespace ?? null,
        valid: doc.errors.length === 0,
        errors: doc.errors.map((e) => ({ path: e.path, message: e.message })),
      });
    }
  }
  io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
  return entries.every((e) => e.valid) ? 0 : 1;
}
