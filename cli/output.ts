/**
 * Output helpers shared by the commands: JSON documents (two-space indent, trailing newline) and
 * aligned plain-text tables.
 */
import type { CliIo } from "@/cli/io";

/** Prints `value` as one JSON document on stdout (default) or stderr. */
export function writeJson(io: CliIo, value: unknown, stream: "stdout" | "stderr" = "stdout"): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (stream === "stdout") io.stdout(text);
  else io.stderr(text);
}

/**
 * Renders rows as a table with a header line, columns padded to their widest cell and separated
 * by two spaces; trailing spaces are trimmed.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, col) => c.padEnd(widths[col] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}
