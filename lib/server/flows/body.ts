import "server-only";
/**
 * Reading a shipper's POST body: newline-delimited JSON (felix's flows.log, Fluent Bit's
 * json_lines) or one JSON array of records. Every record is parsed with lib/flows; errors name
 * the 1-based line (for an array: the element's position) and the wire field.
 */
import type { FlowLog, RecordParseError } from "@/lib/flows";
import { parseFlowLogLines, parseFlowLogRecord } from "@/lib/flows";

export interface ParsedBody {
  readonly records: FlowLog[];
  readonly errors: RecordParseError[];
  /** How many records the body held (good and bad). */
  readonly total: number;
}

/** Parses a body; never throws (a malformed array is one error on line 1). */
export function parseFlowLogBody(text: string): ParsedBody {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("[")) {
    let values: unknown;
    try {
      values = JSON.parse(trimmed);
    } catch (e) {
      return { records: [], errors: [{ line: 1, field: "", message: `the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}` }], total: 1 };
    }
    const list = Array.isArray(values) ? values : [];
    const records: FlowLog[] = [];
    const errors: RecordParseError[] = [];
    list.forEach((raw: unknown, i) => {
      const r = parseFlowLogRecord(raw, i + 1);
      if (r.ok) records.push(r.value);
      else errors.push(r.error);
    });
    return { records, errors, total: list.length };
  }
  const { records, errors } = parseFlowLogLines(text);
  return { records, errors, total: records.length + errors.length };
}
