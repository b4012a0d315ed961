import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** A new random bearer secret: 32 bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The stored form of a session or API token: SHA-256 hex. A fast hash is right here (unlike for
 * passwords) because the token has 256 bits of entropy; a database leak then yields no usable token.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
