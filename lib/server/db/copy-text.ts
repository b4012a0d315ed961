import "server-only";
/**
 * PostgreSQL's COPY text format, written for `SqlQueryable.copyFrom` (the bulk flow ingest).
 * Per the PostgreSQL manual (COPY, "Text Format"): one line per row, fields separated by a tab,
 * `\N` for NULL, and inside a field a backslash, tab, newline and carriage return written as
 * `\\`, `\t`, `\n`, `\r`; every other character stands for itself (the data is sent as UTF-8,
 * the client encoding of both drivers). A NUL character cannot be stored in any text value, so
 * it is refused here with the column's name rather than by the server mid-COPY.
 * Each field is read by the column type's input function, as a `$1::type` parameter would be:
 * jsonb text is parsed as jsonb, and timestamps are written with microseconds (see
 * copyTimestamp), so a row stores exactly the values the former parameterised INSERT stored.
 */

/** A field value: a string (escaped here), a number (written as JavaScript prints it) or NULL. */
export type CopyCell = string | number | null;

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** A field of a text-format COPY line. Throws (naming `column`) for a string holding NUL. */
export function copyField(v: CopyCell, column: string): string {
  if (v === null) return "\\N";
  if (typeof v === "number") return String(v);
  if (v.indexOf("\u0000") !== -1) throw new CopyValueError(column, "must not contain NUL (U+0000) characters");
  return SPECIAL.test(v) ? v.replace(SPECIAL_ALL, (c) => ESCAPES[c] ?? c) : v;
}

/** A value COPY cannot carry (the column and why). */
export class CopyValueError extends Error {
  constructor(
    readonly column: string,
    reason: string,
  ) {
    super(`${column} ${reason}`);
    this.name = "CopyValueError";
  }
}

/** Seconds between the UNIX epoch and PostgreSQL's (2000-01-01 UTC). */
const PG_EPOCH_SECONDS = 946_684_800;

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/**
 * UNIX seconds as a timestamptz literal holding exactly the instant `to_timestamp(seconds)`
 * gives: PostgreSQL rounds `(seconds − 2000-01-01) × 10^6` to whole microseconds with rint()
 * (half to even), and the column's TIMESTAMPTZ(3) then rounds that the same way whichever route
 * the value came by. Whole seconds (every parsed record) take the short path.
 */
export function copyTimestamp(seconds: number, column: string): string {
  // A batch holds few distinct times (records of a flush interval): formatting was a tenth of
  // the ingest path's JavaScript time before this memo.
  const hit = timestampMemo.get(seconds);
  if (hit !== undefined) return hit;
  if (!Number.isFinite(seconds) || seconds < 0 || seconds >= 253_402_300_800) {
    throw new CopyValueError(column, `${String(seconds)} is outside 1970-01-01..9999-12-31`);
  }
  const text = formatTimestamp(seconds);
  if (timestampMemo.size >= TIMESTAMP_MEMO_MAX) timestampMemo.clear();
  timestampMemo.set(seconds, text);
  return text;
}

const timestampMemo = new Map<number, string>();
const TIMESTAMP_MEMO_MAX = 8192;

function formatTimestamp(seconds: number): string {
  if (Number.isInteger(seconds)) return new Date(seconds * 1000).toISOString();
  const scaled = (seconds - PG_EPOCH_SECONDS) * 1_000_000;
  let micros = Math.round(scaled);
  if (micros - scaled === 0.5 && micros % 2 !== 0) micros -= 1; // rint: a tie goes to the even neighbour
  // Exact integer arithmetic from here (a double's microseconds since 1970 would lose digits).
  const unixMicros = BigInt(micros) + BigInt(PG_EPOCH_SECONDS) * 1_000_000n;
  const ms = unixMicros / 1000n - (unixMicros % 1000n < 0n ? 1n : 0n);
  const iso = new Date(Number(ms)).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${pad(Number(unixMicros - ms * 1000n), 3)}Z`;
}
