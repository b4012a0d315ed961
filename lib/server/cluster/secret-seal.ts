import "server-only";
/**
 * Secrets at rest in the embedded cluster: every value of a Secret's `data` (and the
 * last-applied-configuration annotation apply writes, which holds them too) is sealed with the
 * console's secret key (AES-256-GCM, lib/server/crypto/secret-box.ts) before it reaches the
 * ClusterObject or ObjectEvent tables, and opened when read back. The context bound to each
 * value is the cluster, namespace, name and key, so a sealed value copied to another Secret or
 * key does not open. Other kinds pass through untouched.
 *
 * Sealing is idempotent (an already sealed value is kept), so rows copied from one table to the
 * other (a reset writes a stored object as an event's `before`) are never sealed twice.
 */
import type { ClusterObject, SecretObject } from "@/lib/cluster/backend";
import { ClusterUnavailableError } from "@/lib/errors";
import { isSealed, openSecret, sealSecret } from "@/lib/server/crypto/secret-box";
import { getSecretKey } from "@/lib/server/crypto/secret-key";

function contextOf(clusterId: string, secret: SecretObject, key: string): string {
  return `cluster/${clusterId}/secret/${secret.metadata.namespace ?? ""}/${secret.metadata.name}/data/${key}`;
}

/**
 * kubectl's client-side apply (and Apply YAML) records the whole applied object, data included,
 * in this annotation: it is sealed and redacted like the data itself.
 */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
/** The pseudo key the annotation is sealed under (not a valid data key: it has a slash). */
const LAST_APPLIED_KEY = "metadata/last-applied-configuration";

function mapData(secret: SecretObject, f: (key: string, value: string) => string): SecretObject {
  let out = secret;
  if (secret.data !== undefined) {
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(secret.data)) data[k] = f(k, v);
    out = { ...out, data };
  }
  const applied = secret.metadata.annotations?.[LAST_APPLIED];
  if (applied !== undefined) out = { ...out, metadata: { ...out.metadata, annotations: { ...out.metadata.annotations, [LAST_APPLIED]: f(LAST_APPLIED_KEY, applied) } } };
  return out;
}

/** The object as it is stored: a Secret's data values sealed. */
export async function sealForStorage<T extends ClusterObject | null>(clusterId: string, obj: T): Promise<T> {
  if (obj === null || obj.kind !== "Secret") return obj;
  const key = await getSecretKey();
  // Same Secret with only its data values replaced: still a T.
  return mapData(obj, (k, v) => (isSealed(v) ? v : sealSecret(v, key, contextOf(clusterId, obj, k)))) as T;
}

/**
 * The object as read back: a Secret's data values opened. Throws ClusterUnavailableError naming
 * the Secret when a value does not open (the secret key changed, or the row was tampered with).
 */
export async function openFromStorage<T extends ClusterObject | null>(clusterId: string, obj: T): Promise<T> {
  if (obj === null || obj.kind !== "Secret") return obj;
  const key = await getSecretKey();
  // Same Secret with only its data values replaced: still a T.
  return mapData(obj, (k, v) => {
    if (!isSealed(v)) return v;
    const opened = openSecret(v, key, contextOf(clusterId, obj, k));
    if (!opened.ok) throw new ClusterUnavailableError(`secret ${obj.metadata.namespace ?? ""}/${obj.metadata.name}: data[${k}] cannot be read: ${opened.error}`);
    return opened.value;
  }) as T;
}

/** The Secret as the audit log shows it: every data value (and the last-applied record) replaced by a marker, keys kept. */
export function redactSecret<T extends ClusterObject | null>(obj: T): T {
  if (obj === null || obj.kind !== "Secret") return obj;
  // Same Secret with only its data values replaced: still a T.
  return mapData(obj, () => REDACTED) as T;
}

/** What the audit log shows instead of a Secret's data value. */
export const REDACTED = "(redacted)";
