/**
 * Server-side field validation (`fieldValidation=Strict|Warn|Ignore` on create, update and
 * patch), as kube-apiserver does it: unknown fields (not in the kind's schema, schemas.ts) and
 * duplicate fields (the same key twice in one JSON object) are
 *   - Strict: a 400 BadRequest, "strict decoding error: unknown field \"spec.foo\", …";
 *   - Warn (the default when the parameter is absent or empty): accepted, the fields dropped,
 *     one `Warning: 299 - "unknown field \"spec.foo\""` header each;
 *   - Ignore: accepted, the fields dropped silently.
 * Paths are written like upstream's strict decoder: `spec.ingress[0].foo`.
 *
 * Pure: parameter parsing, the schema walk, the duplicate-key scan of JSON text.
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { Definition, Schema } from "@/lib/k8s-api/schema";
import { resolve } from "@/lib/k8s-api/schema";

export type FieldValidation = "Strict" | "Warn" | "Ignore";

/**
 * Parses the `fieldValidation` query parameter. Upstream accepts "", Ignore, Warn and Strict
 * (ValidateFieldValidation) and treats "" as Warn; anything else is a NotSupported error.
 */
export function parseFieldValidation(params: URLSearchParams): Result<FieldValidation, string> {
  const raw = params.get("fieldValidation") ?? "";
  if (raw === "") return ok("Warn");
  if (raw === "Strict" || raw === "Warn" || raw === "Ignore") return ok(raw);
  return err(`fieldValidation: Unsupported value: ${JSON.stringify(raw)}: supported values: "", "Ignore", "Strict", "Warn"`);
}

function isPlainObject(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const join = (path: string, key: string): string => (path === "" ? key : `${path}.${key}`);

/**
 * Walks `value` against `schema`: returns the value without the fields the schema does not
 * know, and the paths of those fields (in document order). Values of the wrong type are left
 * alone: the validator reports them with their own message.
 */
export function dropUnknownFields(value: unknown, schema: Schema, definitions: Readonly<Record<string, Definition>>): { readonly value: unknown; readonly unknown: readonly string[] } {
  const unknown: string[] = [];
  const walk = (v: unknown, s: Schema, path: string): unknown => {
    const r = resolve(s, definitions);
    if (r === undefined) return v;
    if (r.type === "array") return Array.isArray(v) ? v.map((item, i) => walk(item, r.items, `${path}[${i}]`)) : v;
    if (r.type === "map") {
      if (!isPlainObject(v)) return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, r.values, join(path, k))]));
    }
    if (r.type !== "object" || !isPlainObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const prop = r.properties[k];
      if (prop !== undefined) out[k] = walk(x, prop, join(path, k));
      else if (r.preserveUnknown === true) out[k] = x;
      else unknown.push(join(path, k));
    }
    return out;
  };
  const out = walk(value, schema, "");
  return { value: out, unknown };
}

/**
 * The paths of keys that appear twice in one object of a JSON text (`spec.order`), in document
 * order. JSON.parse keeps the last value silently; the apiserver's strict decoder reports them.
 * The text must be valid JSON (callers parse it first); on anything else this returns [].
 */
export function duplicateJsonFields(text: string): readonly string[] {
  const dups: string[] = [];
  let i = 0;
  const ws = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i] ?? "")) i++;
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string; // a valid JSON string literal
  };
  const value = (path: string): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        const key = readString();
        if (seen.has(key)) dups.push(join(path, key));
        seen.add(key);
        ws();
        i++; // colon
        value(join(path, key));
        ws();
        if (text[i++] === "}") return;
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`);
        ws();
        if (text[i++] === "]") return;
      }
    }
    if (c === '"') {
      readString();
      return;
    }
    while (i < text.length && !",]} \t\n\r".includes(text[i] ?? "")) i++;
  };
  try {
    value("");
  } catch {
    return [];
  }
  return dups;
}

/** The strict decoding errors of a body, in upstream's wording (`unknown field "spec.foo"`). */
export function strictFieldErrors(unknown: readonly string[], duplicates: readonly string[]): readonly string[] {
  return [...duplicates.map((p) => `duplicate field ${JSON.stringify(p)}`), ...unknown.map((p) => `unknown field ${JSON.stringify(p)}`)];
}

/** The message of a Strict refusal: "strict decoding error: unknown field \"spec.foo\", …". */
export function strictDecodingMessage(errors: readonly string[]): string {
  return `strict decoding error: ${errors.join(", ")}`;
}

/**
 * A `Warning` header value (RFC 7234 warn-code 299, agent "-", quoted text) as the apiserver
 * sends it. The apiserver writes the text's UTF-8 bytes into the header; a fetch `Headers` value
 * is a byte string (one character per byte), so the UTF-8 bytes are spelled as such characters
 * (a field name with non-Latin-1 characters otherwise made setting the header throw).
 */
export function warningHeaderValue(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(`299 - ${JSON.stringify(text)}`)) out += String.fromCharCode(byte);
  return out;
}
