import "server-only";
/**
 * The server's file policy for kubeconfig and Goldmane certificate files: only files inside
 * PALISADE_KUBECONFIG_DIR may be read by path. Kept apart from kubeconfig-source.ts, which loads
 * @kubernetes/client-node, so the Goldmane job (started with the server) can check paths without
 * loading the Kubernetes client.
 */
import { realpathSync } from "node:fs";
import path from "node:path";
import { ValidationError } from "@/lib/errors";

/** What the server allows: the folder kubeconfig files (and the files they name) must be in, and exec plugins. */
export interface KubeconfigPolicy {
  readonly dir?: string;
  readonly allowExec: boolean;
}

function refuse(field: string, message: string): ValidationError {
  return new ValidationError(`the kubeconfig is refused: ${message}`, [{ path: field, message }]);
}

/**
 * The real path of `file` when it lies inside the policy's folder; throws ValidationError
 * otherwise (no folder configured, outside it, missing) without saying what the file holds.
 */
export function resolveInsideDir(file: string, policy: KubeconfigPolicy, field: string): string {
  if (policy.dir === undefined) throw refuse(field, "reading files on the server is off: paste the kubeconfig instead, or set PALISADE_KUBECONFIG_DIR");
  let root: string;
  let real: string;
  try {
    root = realpathSync(policy.dir);
  } catch {
    throw refuse(field, "PALISADE_KUBECONFIG_DIR does not exist on the server");
  }
  if (!path.isAbsolute(file)) throw refuse(field, "must be an absolute path");
  try {
    real = realpathSync(file);
  } catch {
    throw refuse(field, `no such file under ${root}`);
  }
  if (real !== root && !real.startsWith(root + path.sep)) throw refuse(field, `must be a file under ${root} (symbolic links are followed before the check)`);
  return real;
}

