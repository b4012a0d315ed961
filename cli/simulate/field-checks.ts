/**
 * Small field checkers for the simulate input files (cluster, probes). Each records a
 * `{path, message}` problem and returns undefined when the value is wrong, so one pass reports
 * every problem of a file rather than the first.
 */
import { isIP } from "node:net";
import type { FieldError } from "@/lib/errors";

export type Json = Readonly<Record<string, unknown>>;

/** Collects field errors while a file is read. */
export class FieldChecks {
  readonly errors: FieldError[] = [];

  fail(path: string, message: string): undefined {
    this.errors.push({ path, message });
    return undefined;
  }

  object(value: unknown, path: string): Json | undefined {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Json; // checked: a non-array object
    return this.fail(path, `must be an object, got ${describe(value)}`);
  }

  /** An optional array: absent or null gives []. */
  array(value: unknown, path: string): readonly unknown[] | undefined {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    return this.fail(path, `must be a list, got ${describe(value)}`);
  }

  requiredString(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return this.fail(path, "required");
    if (typeof value !== "string" || value === "") return this.fail(path, `must be a non-empty string, got ${describe(value)}`);
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    return this.requiredString(value, path);
  }

  /** An integer in [min, max]; `undefined` when absent (the caller decides if that is allowed). */
  integer(value: unknown, path: string, min: number, max: number): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(path, `must be an integer from ${min} to ${max}, got ${describe(value)}`);
    }
    return value;
  }

  ip(value: unknown, path: string): string | undefined {
    const text = this.requiredString(value, path);
    if (text === undefined) return undefined;
    if (isIP(text) === 0) return this.fail(path, `"${text}" is not an IPv4 or IPv6 address`);
    return text;
  }

  /**
   * A label map. Kubernetes only has string values; YAML turns `pci: true` into a boolean, so
   * booleans and numbers are taken as their string form rather than rejected.
   */
  labels(value: unknown, path: string): Readonly<Record<string, string>> | undefined {
    if (value === undefined || value === null) return {};
    const map = this.object(value, path);
    if (map === undefined) return undefined;
    const out: Record<string, string> = {};
    let ok = true;
    for (const [key, v] of Object.entries(map)) {
      if (typeof v === "string") out[key] = v;
      else if (typeof v === "boolean" || typeof v === "number") out[key] = String(v);
      else {
        this.fail(`${path}.${key}`, `label value must be a string, got ${describe(v)}`);
        ok = false;
      }
    }
    return ok ? out : undefined;
  }

  stringList(value: unknown, path: string): readonly string[] | undefined {
    const list = this.array(value, path);
    if (list === undefined) return undefined;
    const out: string[] = [];
    for (const [i, item] of list.entries()) {
      const s = this.requiredString(item, `${path}[${i}]`);
      if (s === undefined) return undefined;
      out.push(s);
    }
    return out;
  }
}

/** A short description of a JSON value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return String(value);
}
