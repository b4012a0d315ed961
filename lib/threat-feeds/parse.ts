/**
 * Turning a pulled threat feed body into entries, as Calico Enterprise's feed puller reads
 * `spec.pull.http.format`:
 *  - `newlineDelimited: {}` (the default): one entry per line; `#` starts a comment (whole line
 *    or the rest of a line); blank lines are skipped.
 *  - `json: { path }`: a JSONPath into the document; every string it reaches is an entry.
 *    Palisade reads the common subset: `$`, `.name`, `['name']`, `[n]`, `[*]`, `.*` and `..name`
 *    (recursive descent). Filters and slices are refused with a message.
 *  - `csv: { fieldNum | fieldName, header, columnDelimiter, commentDelimiter }`: the column at
 *    0-based `fieldNum`, or the column named `fieldName` in the header row (which implies
 *    `header`); quoted fields ("a, b" and "" escapes) are read as RFC 4180 says.
 * Entries are then normalised by content: IPSet entries are addresses (written as /32 or /128)
 * or CIDRs (kept as written, network address canonicalised); DomainNameSet entries are domain
 * names, lower case, without a trailing dot. An entry that is neither is skipped and counted.
 * Pure; never throws.
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import { checkDomain, normaliseDomain } from "@/lib/net/domains";
import { formatNetwork, parseCidrOrIp } from "@/lib/net/ip";

export type FeedContent = "IPSet" | "DomainNameSet";

export type FeedFormat =
  | { readonly kind: "newlineDelimited" }
  | { readonly kind: "json"; readonly path: string }
  | {
      readonly kind: "csv";
      readonly fieldNum?: number;
      readonly fieldName?: string;
      readonly header: boolean;
      readonly columnDelimiter: string;
      readonly commentDelimiter: string;
    };

export interface FormatError {
  readonly path: string;
  readonly message: string;
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads `spec.pull.http.format` (undefined = newline-delimited). Errors name the field. */
export function parseFeedFormat(raw: unknown): Result<FeedFormat, FormatError> {
  const base = "spec.pull.http.format";
  if (raw === undefined || raw === null) return ok({ kind: "newlineDelimited" });
  if (!isRecord(raw)) return err({ path: base, message: "must be an object with one of newlineDelimited, json or csv" });
  const keys = Object.keys(raw);
  if (keys.length !== 1) return err({ path: base, message: `exactly one of newlineDelimited, json or csv must be set (found ${keys.length === 0 ? "none" : keys.join(", ")})` });
  const key = keys[0]!;
  const body = raw[key];
  if (key === "newlineDelimited") return ok({ kind: "newlineDelimited" });
  if (key === "json") {
    const path = isRecord(body) ? body["path"] : undefined;
    if (typeof path !== "string" || path === "") return err({ path: `${base}.json.path`, message: "path is required (a JSONPath such as $.ips[*])" });
    const compiled = compileJsonPath(path);
    if (!compiled.ok) return err({ path: `${base}.json.path`, message: compiled.error });
    return ok({ kind: "json", path });
  }
  if (key === "csv") {
    const c = isRecord(body) ? body : {};
    const fieldNum = c["fieldNum"];
    const fieldName = c["fieldName"];
    if (fieldNum !== undefined && (typeof fieldNum !== "number" || !Number.isInteger(fieldNum) || fieldNum < 0)) return err({ path: `${base}.csv.fieldNum`, message: "must be a non-negative integer" });
    if (fieldName !== undefined && (typeof fieldName !== "string" || fieldName === "")) return err({ path: `${base}.csv.fieldName`, message: "must be a non-empty string" });
    if (fieldNum !== undefined && fieldName !== undefined) return err({ path: `${base}.csv`, message: "set fieldNum or fieldName, not both" });
    const delim = c["columnDelimiter"] ?? ",";
    const comment = c["commentDelimiter"] ?? "#";
    if (typeof delim !== "string" || [...delim].length !== 1) return err({ path: `${base}.csv.columnDelimiter`, message: "must be one character" });
    if (typeof comment !== "string" || [...comment].length !== 1) return err({ path: `${base}.csv.commentDelimiter`, message: "must be one character" });
    const header = c["header"] === true || fieldName !== undefined;
    return ok({
      kind: "csv",
      ...(typeof fieldNum === "number" ? { fieldNum } : {}),
      ...(typeof fieldName === "string" ? { fieldName } : {}),
      header,
      columnDelimiter: delim,
      commentDelimiter: comment,
    });
  }
  return err({ path: `${base}.${key}`, message: `unknown format "${key}": use newlineDelimited, json or csv` });
}

// ---- JSONPath subset ----

type Step = { readonly t: "key"; readonly name: string } | { readonly t: "index"; readonly n: number } | { readonly t: "all" } | { readonly t: "descend"; readonly name: string | undefined };

/** Compiles the JSONPath subset described in the module comment. */
export function compileJsonPath(path: string): Result<readonly Step[], string> {
  if (!path.startsWith("$")) return err(`"${path}" must start with $`);
  const steps: Step[] = [];
  let i = 1;
  const ident = /^[A-Za-z_][A-Za-z0-9_-]*/;
  while (i < path.length) {
    const rest = path.slice(i);
    if (rest.startsWith("..")) {
      const m = ident.exec(rest.slice(2));
      if (rest.slice(2).startsWith("*")) {
        steps.push({ t: "descend", name: undefined });
        i += 3;
      } else if (m !== null) {
        steps.push({ t: "descend", name: m[0] });
        i += 2 + m[0].length;
      } else return err(`unsupported JSONPath at offset ${i}: "..' must be followed by a name or *`);
    } else if (rest.startsWith(".*")) {
      steps.push({ t: "all" });
      i += 2;
    } else if (rest.startsWith(".")) {
      const m = ident.exec(rest.slice(1));
      if (m === null) return err(`unsupported JSONPath at offset ${i}: expected a name after "."`);
      steps.push({ t: "key", name: m[0] });
      i += 1 + m[0].length;
    } else if (rest.startsWith("[*]")) {
      steps.push({ t: "all" });
      i += 3;
    } else {
      const idx = /^\[(\d+)\]/.exec(rest);
      const quoted = /^\[(?:'([^']*)'|"([^"]*)")\]/.exec(rest);
      if (idx !== null) {
        steps.push({ t: "index", n: Number(idx[1]) });
        i += idx[0].length;
      } else if (quoted !== null) {
        steps.push({ t: "key", name: quoted[1] ?? quoted[2] ?? "" });
        i += quoted[0].length;
      } else return err(`unsupported JSONPath at offset ${i}: Palisade reads $, .name, ['name'], [n], [*], .* and ..name (no filters or slices)`);
    }
  }
  return ok(steps);
}

function children(v: unknown): readonly unknown[] {
  if (Array.isArray(v)) return v;
  if (isRecord(v)) return Object.values(v);
  return [];
}

function descendants(v: unknown, out: unknown[]): void {
  out.push(v);
  for (const c of children(v)) descendants(c, out);
}

function applyStep(values: readonly unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (step.t) {
      case "key":
        if (isRecord(v) && step.name in v) out.push(v[step.name]);
        break;
      case "index":
        if (Array.isArray(v) && step.n < v.length) out.push(v[step.n]);
        break;
      case "all":
        out.push(...children(v));
        break;
      case "descend": {
        const all: unknown[] = [];
        descendants(v, all);
        for (const d of all) {
          if (step.name === undefined) out.push(...children(d));
          else if (isRecord(d) && step.name in d) out.push(d[step.name]);
        }
        break;
      }
    }
  }
  return out;
}

function collectStrings(values: readonly unknown[], out: string[]): void {
  for (const v of values) {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) collectStrings(v, out);
  }
}

// ---- CSV ----

/** Splits one CSV record (RFC 4180 quoting) by `delim`. */
export function splitCsvRecord(line: string, delim: string): string[] {
  const fields: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === "") {
      quoted = true;
      cur = "";
    } else if (ch === delim) {
      fields.push(cur);
      cur = "";
    } else cur += ch;
  }
  fields.push(cur);
  return fields;
}

/** The raw (not yet normalised) entries of a body; errors for JSON that does not parse or a missing CSV column. */
export function extractFeedEntries(body: string, format: FeedFormat): Result<readonly string[], string> {
  switch (format.kind) {
    case "newlineDelimited": {
      const out: string[] = [];
      for (const line of body.split(/\r?\n/)) {
        const text = line.replace(/#.*$/, "").trim();
        if (text !== "") out.push(text);
      }
      return ok(out);
    }
    case "json": {
      let doc: unknown;
      try {
        doc = JSON.parse(body) as unknown;
      } catch {
        return err("the feed is not valid JSON");
      }
      const steps = compileJsonPath(format.path);
      if (!steps.ok) return err(steps.error);
      let values: unknown[] = [doc];
      for (const s of steps.value) values = applyStep(values, s);
      const out: string[] = [];
      collectStrings(values, out);
      return ok(out.map((s) => s.trim()).filter((s) => s !== ""));
    }
    case "csv": {
      const lines = body.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.trimStart().startsWith(format.commentDelimiter));
      let column = format.fieldNum ?? 0;
      let start = 0;
      if (format.header) {
        const head = lines[0];
        start = 1;
        if (format.fieldName !== undefined) {
          const names = head === undefined ? [] : splitCsvRecord(head, format.columnDelimiter).map((s) => s.trim());
          const at = names.indexOf(format.fieldName);
          if (at < 0) return err(`the CSV header has no column "${format.fieldName}"`);
          column = at;
        }
      }
      const out: string[] = [];
      for (const line of lines.slice(start)) {
        const v = splitCsvRecord(line, format.columnDelimiter)[column]?.trim();
        if (v !== undefined && v !== "") out.push(v);
      }
      return ok(out);
    }
  }
}

export interface NormalisedEntries {
  /** Sorted, without duplicates. */
  readonly entries: readonly string[];
  /** Entries that were neither an address / CIDR (IPSet) nor a domain (DomainNameSet). */
  readonly skipped: number;
  /** Up to five of the skipped entries, for the status message. */
  readonly skippedExamples: readonly string[];
}

/** Normalises raw entries for the feed's content (see the module comment). */
export function normaliseEntries(raw: readonly string[], content: FeedContent): NormalisedEntries {
  const set = new Set<string>();
  const bad: string[] = [];
  for (const r of raw) {
    if (content === "IPSet") {
      const cidr = parseCidrOrIp(r);
      if (cidr === undefined) bad.push(r);
      else set.add(formatNetwork(cidr));
    } else {
      const d = normaliseDomain(r);
      if (checkDomain(d) !== undefined) bad.push(r);
      else set.add(d);
    }
  }
  return { entries: [...set].sort(), skipped: bad.length, skippedExamples: bad.slice(0, 5) };
}
