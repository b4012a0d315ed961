import "server-only";
/**
 * Where a kubeconfig may come from, and what it may ask the server to do. A kubeconfig is
 * code-adjacent: loaded naively it reads any file the server can read (`path`, `token-file`,
 * `client-key`, `certificate-authority`) and runs programs (`exec`, an auth-provider's
 * `cmd-path`). So:
 *  - content (pasted or uploaded) is the normal way; it is stored sealed (cluster-secrets.ts);
 *  - a path is accepted only inside PALISADE_KUBECONFIG_DIR, after resolving symlinks
 *    (realpath), so neither `../` nor a link can reach outside; the same holds for every file
 *    a kubeconfig names, and relative names resolve against the kubeconfig's own folder;
 *  - `exec` credential plugins and `cmd-path` auth providers are refused unless
 *    PALISADE_ALLOW_EXEC_CREDENTIALS=1;
 *  - errors name the field and the reason, never the content: a YAML error reports line and
 *    column only, so pointing the loader at `/proc/self/environ` cannot echo it back.
 * The checks run on our own YAML parse before @kubernetes/client-node sees the text, because
 * that library reads `token-file` while parsing.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { LineCounter, parseDocument } from "yaml";
import type { FieldError } from "@/lib/errors";
import { ValidationError } from "@/lib/errors";
import { MAX_YAML_ALIASES } from "@/lib/calico";
import type { KubeconfigPolicy } from "@/lib/server/kube/inside-dir";
import { resolveInsideDir } from "@/lib/server/kube/inside-dir";

export type { KubeconfigPolicy } from "@/lib/server/kube/inside-dir";
export { resolveInsideDir } from "@/lib/server/kube/inside-dir";

/** Largest kubeconfig accepted (real ones with several embedded certificates are ~20 KiB). */
export const MAX_KUBECONFIG_BYTES = 1024 * 1024;

/** Where the kubeconfig comes from, and the field errors are reported under. */
export type KubeconfigSource = { readonly kind: "content"; readonly text: string; readonly field: string } | { readonly kind: "path"; readonly path: string; readonly field: string };

function refuse(field: string, message: string): ValidationError {
  return new ValidationError(`the kubeconfig is refused: ${message}`, [{ path: field, message }]);
}

function readKubeconfigFile(file: string, policy: KubeconfigPolicy, field: string): { readonly text: string; readonly dir: string } {
  const real = resolveInsideDir(file, policy, field);
  const stat = statSync(real);
  if (!stat.isFile()) throw refuse(field, "is not a regular file");
  if (stat.size > MAX_KUBECONFIG_BYTES) throw refuse(field, `is larger than ${MAX_KUBECONFIG_BYTES} bytes`);
  return { text: readFileSync(real, "utf8"), dir: path.dirname(real) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function entries(doc: Record<string, unknown>, list: string, inner: string): { readonly name: string; readonly body: Record<string, unknown> }[] {
  const items = doc[list];
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: unknown) => {
    if (!isRecord(item)) return [];
    const body = item[inner];
    return isRecord(body) ? [{ name: typeof item["name"] === "string" ? item["name"] : "?", body }] : [];
  });
}

/** The file-valued fields of kubeconfig clusters and users (kubeconfig spelling). */
const CLUSTER_FILE_FIELDS = ["certificate-authority"] as const;
const USER_FILE_FIELDS = ["client-certificate", "client-key", "token-file"] as const;

/**
 * Checks a parsed kubeconfig against the policy and rewrites its file references to absolute
 * real paths inside the folder. Returns field errors (empty when acceptable). Pure apart from
 * resolving the named files.
 */
function checkDocument(doc: Record<string, unknown>, policy: KubeconfigPolicy, baseDir: string | undefined, field: string): FieldError[] {
  const errors: FieldError[] = [];
  const checkFile = (body: Record<string, unknown>, key: string, where: string): void => {
    const value = body[key];
    if (value === undefined || value === null || value === "") return;
    if (typeof value !== "string") {
      errors.push({ path: field, message: `${where}.${key} must be a path` });
      return;
    }
    if (baseDir === undefined && !path.isAbsolute(value)) {
      errors.push({ path: field, message: `${where}.${key} names a file on the server: embed the data instead (${key}-data)` });
      return;
    }
    try {
      body[key] = resolveInsideDir(path.resolve(baseDir ?? "/", value), policy, field);
    } catch (e) {
      errors.push({ path: field, message: `${where}.${key}: ${e instanceof ValidationError ? (e.errors[0]?.message ?? e.message) : "cannot be read"}` });
    }
  };
  for (const { name, body } of entries(doc, "clusters", "cluster")) for (const key of CLUSTER_FILE_FIELDS) checkFile(body, key, `clusters[${name}]`);
  for (const { name, body } of entries(doc, "users", "user")) {
    for (const key of USER_FILE_FIELDS) checkFile(body, key, `users[${name}]`);
    if (body["exec"] !== undefined && !policy.allowExec) {
      errors.push({ path: field, message: `users[${name}] uses an exec credential plugin, which runs a program on the server: refused unless PALISADE_ALLOW_EXEC_CREDENTIALS=1` });
    }
    const provider = body["auth-provider"];
    if (isRecord(provider) && isRecord(provider["config"]) && provider["config"]["cmd-path"] !== undefined && !policy.allowExec) {
      errors.push({ path: field, message: `users[${name}] uses an auth-provider command (cmd-path), which runs a program on the server: refused unless PALISADE_ALLOW_EXEC_CREDENTIALS=1` });
    }
  }
  return errors;
}

/**
 * Loads a kubeconfig from content or from a path inside the policy's folder, after the checks
 * described in the module comment. Throws ValidationError under `source.field`; the messages
 * never include the kubeconfig's content.
 */
export function loadCheckedKubeconfig(source: KubeconfigSource, policy: KubeconfigPolicy): KubeConfig {
  const { text, dir } = source.kind === "path" ? readKubeconfigFile(source.path, policy, source.field) : { text: source.text, dir: undefined };
  if (Buffer.byteLength(text, "utf8") > MAX_KUBECONFIG_BYTES) throw refuse(source.field, `is larger than ${MAX_KUBECONFIG_BYTES} bytes`);
  let value: unknown;
  try {
    const lines = new LineCounter();
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, lineCounter: lines });
    const first = doc.errors[0];
    if (first !== undefined) {
      // Position only: the parser's own message quotes the offending text.
      const at = lines.linePos(first.pos[0]);
      throw refuse(source.field, `is not valid YAML (line ${at.line}, column ${at.col})`);
    }
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    throw refuse(source.field, "is not a kubeconfig (it cannot be decoded)");
  }
  if (!isRecord(value) || !Array.isArray(value["clusters"])) throw refuse(source.field, "is not a kubeconfig (no clusters list)");
  const errors = checkDocument(value, policy, dir, source.field);
  if (errors.length > 0) throw new ValidationError(`the kubeconfig is refused: ${errors[0]?.message ?? ""}`, errors);
  const kc = new KubeConfig();
  try {
    // The checked document with absolute file paths, re-serialised; client-node validates the rest.
    kc.loadFromString(JSON.stringify(value));
  } catch {
    throw refuse(source.field, "is not a valid kubeconfig (clusters, users and contexts need names; clusters need a server)");
  }
  return kc;
}
