/**
 * JSON Patch (RFC 6902), the `application/json-patch+json` PATCH of the Kubernetes API: a list
 * of `add`, `remove`, `replace`, `move`, `copy` and `test` operations on JSON Pointer (RFC 6901)
 * paths, applied in order, all or nothing. Pure; never mutates its inputs.
 *
 * Errors follow the apiserver: a malformed patch document is a PatchError (400); an operation
 * that cannot apply (missing path, failed test) is an invalid PatchError (422).
 */
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import { PatchError, sameValue } from "@/lib/k8s-api/strategic-merge";

type Op = "add" | "remove" | "replace" | "move" | "copy" | "test";
const OPS: readonly string[] = ["add", "remove", "replace", "move", "copy", "test"];

interface Operation {
  readonly op: Op;
  readonly path: readonly string[];
  readonly pathText: string;
  readonly from?: readonly string[];
  readonly value?: unknown;
}

/** Splits a JSON Pointer into unescaped tokens (`/a~1b/~0c` → `a/b`, `~c`). */
export function parsePointer(pointer: string): readonly string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new PatchError(`invalid JSON pointer "${pointer}": it must start with "/"`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parseOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw new PatchError("a JSON patch must be a list of operations");
  return patch.map((raw, i) => {
    if (!isJsonObject(raw)) throw new PatchError(`operation ${i} is not an object`);
    const op = raw["op"];
    if (typeof op !== "string" || !OPS.includes(op)) throw new PatchError(`operation ${i}: unexpected kind: ${String(op)}`);
    const path = raw["path"];
    if (typeof path !== "string") throw new PatchError(`operation ${i} (${op}): missing path`);
    const base = { op: op as Op, path: parsePointer(path), pathText: path }; // op checked against OPS
    if (op === "move" || op === "copy") {
      const from = raw["from"];
      if (typeof from !== "string") throw new PatchError(`operation ${i} (${op}): missing from`);
      return { ...base, from: parsePointer(from) };
    }
    if (op === "add" || op === "replace" || op === "test") {
      if (!("value" in raw)) throw new PatchError(`operation ${i} (${op}): missing value`);
      return { ...base, value: raw["value"] };
    }
    return base;
  });
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T); // JSON values round-trip
}

function arrayIndex(token: string, length: number, forAdd: boolean, path: string): number {
  if (forAdd && token === "-") return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new PatchError(`path ${path}: invalid array index "${token}"`, true);
  const n = Number(token);
  if (n > length || (!forAdd && n === length)) throw new PatchError(`path ${path}: array index ${n} out of bounds`, true);
  return n;
}

/** The container (object or array) holding the last token; created copies are mutated in place. */
function parentOf(doc: unknown, path: readonly string[], text: string): Record<string, unknown> | unknown[] {
  let node: unknown = doc;
  for (const token of path.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(token, node.length, false, text)];
    else if (isJsonObject(node) && token in node) node = node[token];
    else throw new PatchError(`doc is missing path: "${text}"`, true);
  }
  if (Array.isArray(node)) return node;
  if (isJsonObject(node)) return node as Record<string, unknown>; // our own deep copy: mutable
  throw new PatchError(`doc is missing path: "${text}"`, true);
}

function get(doc: unknown, path: readonly string[], text: string): unknown {
  let node: unknown = doc;
  for (const token of path) {
    if (Array.isArray(node)) node = node[arrayIndex(token, node.length, false, text)];
    else if (isJsonObject(node) && token in node) node = node[token];
    else throw new PatchError(`doc is missing path: "${text}"`, true);
  }
  return node;
}

function last(path: readonly string[]): string {
  return path[path.length - 1] ?? "";
}

function add(doc: unknown, path: readonly string[], text: string, value: unknown): unknown {
  if (path.length === 0) return clone(value);
  const parent = parentOf(doc, path, text);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last(path), parent.length, true, text), 0, clone(value));
  else parent[last(path)] = clone(value);
  return doc;
}

function remove(doc: unknown, path: readonly string[], text: string): unknown {
  if (path.length === 0) throw new PatchError("cannot remove the whole document", true);
  const parent = parentOf(doc, path, text);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last(path), parent.length, false, text), 1);
  else {
    if (!(last(path) in parent)) throw new PatchError(`unable to remove nonexistent key: ${last(path)}: missing value`, true);
    delete parent[last(path)];
  }
  return doc;
}

/** Applies an RFC 6902 patch to `target`. Throws PatchError. */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  const ops = parseOperations(patch);
  let doc = clone(target);
  for (const o of ops) {
    switch (o.op) {
      case "add":
        doc = add(doc, o.path, o.pathText, o.value);
        break;
      case "remove":
        doc = remove(doc, o.path, o.pathText);
        break;
      case "replace":
        get(doc, o.path, o.pathText); // must exist
        doc = o.path.length === 0 ? clone(o.value) : add(remove(doc, o.path, o.pathText), o.path, o.pathText, o.value);
        break;
      case "move": {
        const from = o.from ?? [];
        const fromText = "/" + from.join("/");
        if (o.pathText.startsWith(fromText + "/")) throw new PatchError(`cannot move ${fromText} into its own child ${o.pathText}`, true);
        const value = get(doc, from, fromText);
        doc = add(remove(doc, from, fromText), o.path, o.pathText, value);
        break;
      }
      case "copy": {
        const from = o.from ?? [];
        doc = add(doc, o.path, o.pathText, get(doc, from, "/" + from.join("/")));
        break;
      }
      case "test":
        if (!sameValue(get(doc, o.path, o.pathText), o.value)) throw new PatchError(`testing value ${o.pathText} failed: test failed`, true);
        break;
      default: {
        const never: never = o.op;
        throw new PatchError(`unexpected kind: ${String(never)}`);
      }
    }
  }
  return doc;
}
