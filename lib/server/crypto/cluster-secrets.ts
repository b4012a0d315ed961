import "server-only";
/**
 * Which fields of a cluster's connection settings (the registry's `config` JSON) are secrets,
 * and sealing/opening them with lib/server/crypto/secret-box.ts. The context of each sealed
 * value is `cluster/<id>/<path>`, so a value moved to another cluster or field does not open.
 */
import { isSealed, openSecret, sealSecret } from "@/lib/server/crypto/secret-box";

/**
 * Field names whose string values are secrets wherever they appear in a config: bearer
 * tokens, kubeconfig content (it embeds tokens and client keys), client keys and certificates,
 * passwords and OIDC-style client secrets.
 */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(["token", "kubeconfig", "clientKey", "clientKeyPem", "clientCert", "clientCertPem", "keyPem", "password", "clientSecret"]);

type Json = unknown;

function mapSecrets(value: Json, at: string, fn: (secret: string, path: string) => string): Json {
  if (Array.isArray(value)) return value.map((v: Json, i) => mapSecrets(v, `${at}[${i}]`, fn));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    const path = at === "" ? k : `${at}.${k}`;
    out[k] = SECRET_FIELDS.has(k) && typeof v === "string" ? fn(v, path) : mapSecrets(v, path, fn);
  }
  return out;
}

function contextOf(clusterId: string, path: string): string {
  return `cluster/${clusterId}/${path}`;
}

/** A copy of `config` with every secret field sealed (already sealed values are kept). Never throws for a 32-byte key. */
export function sealClusterConfig(clusterId: string, config: Json, key: Uint8Array): Json {
  return mapSecrets(config, "", (secret, path) => (isSealed(secret) ? secret : sealSecret(secret, key, contextOf(clusterId, path))));
}

/**
 * A copy of `config` with every sealed field opened. Throws an Error naming the field when one
 * does not open (another key, tampering): the connection cannot be used without it.
 */
export function openClusterConfig(clusterId: string, config: Json, key: Uint8Array): Json {
  return mapSecrets(config, "", (secret, path) => {
    if (!isSealed(secret)) return secret;
    const opened = openSecret(secret, key, contextOf(clusterId, path));
    if (!opened.ok) throw new Error(`cluster "${clusterId}": ${path}: ${opened.error}`);
    return opened.value;
  });
}

/** Whether any secret field of `config` is stored in plain text. */
export function hasPlaintextSecrets(config: Json): boolean {
  let found = false;
  mapSecrets(config, "", (secret) => {
    if (!isSealed(secret)) found = true;
    return secret;
  });
  return found;
}
