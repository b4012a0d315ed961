import "server-only";
/**
 * Sealing secrets for storage: AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce per
 * value and the value's context (`cluster/prod/token`) as additional authenticated data, so a
 * sealed value copied to another row or field does not open. No IO: the key is a parameter.
 *
 * Sealed form (one string, safe inside JSON):
 *   `palisade-sealed:v1:<key id>:<nonce, base64url>:<ciphertext and 16-byte tag, base64url>`
 * The key id is the first 8 hex digits of SHA-256(key): opening with another key says so
 * instead of failing as "corrupt".
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

export const SEALED_PREFIX = "palisade-sealed:v1:";
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Whether a stored value is in sealed form (it may still fail to open). */
export function isSealed(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(SEALED_PREFIX);
}

/** The short id of a key, stored with each sealed value. */
export function keyIdOf(key: Uint8Array): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

function checkKey(key: Uint8Array): void {
  if (key.byteLength !== KEY_BYTES) throw new RangeError(`the secret key must be ${KEY_BYTES} bytes, not ${key.byteLength}`);
}

/**
 * Seals `plaintext` under `key` for `context`. Throws RangeError for a key that is not 32 bytes
 * (a programming error: keys come from parseSecretKey).
 */
export function sealSecret(plaintext: string, key: Uint8Array, context: string): string {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${SEALED_PREFIX}${keyIdOf(key)}:${nonce.toString("base64url")}:${body.toString("base64url")}`;
}

/**
 * Opens a sealed value. Returns an error (never throws) when the value is malformed, was sealed
 * with another key, or fails authentication (tampered, or sealed for another context).
 */
export function openSecret(sealed: string, key: Uint8Array, context: string): Result<string, string> {
  if (!isSealed(sealed)) return err("the value is not sealed");
  if (key.byteLength !== KEY_BYTES) return err(`the secret key must be ${KEY_BYTES} bytes`);
  const [kid, nonceText, bodyText, ...rest] = sealed.slice(SEALED_PREFIX.length).split(":");
  if (kid === undefined || nonceText === undefined || bodyText === undefined || rest.length > 0) return err("the sealed value is malformed");
  if (kid !== keyIdOf(key)) return err(`the value was sealed with another key (id ${kid}); set PALISADE_SECRET_KEY to that key`);
  const nonce = Buffer.from(nonceText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (nonce.byteLength !== NONCE_BYTES || body.byteLength < TAG_BYTES) return err("the sealed value is malformed");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce);
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(body.subarray(body.byteLength - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(body.subarray(0, body.byteLength - TAG_BYTES)), decipher.final()]);
    return ok(plain.toString("utf8"));
  } catch {
    return err("the sealed value does not authenticate (tampered, or sealed for another field)");
  }
}

/**
 * Parses a key written as base64 (standard or URL-safe, padding optional) or hex. Returns an
 * error unless it decodes to exactly 32 bytes. Never throws.
 */
export function parseSecretKey(text: string): Result<Uint8Array, string> {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return ok(new Uint8Array(Buffer.from(t, "hex")));
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(t)) {
    const bytes = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.byteLength === KEY_BYTES) return ok(new Uint8Array(bytes));
  }
  return err(`must be ${KEY_BYTES} bytes written as base64 (44 characters) or hex (64 characters); generate one with: openssl rand -base64 32`);
}

/** A fresh random key, base64. */
export function generateSecretKeyText(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}
