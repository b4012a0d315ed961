import "server-only";
/**
 * Issuing API tokens (for kubectl against /k8s, scripts against /api/v1). The secret is shown
 * once: only its SHA-256 is stored (lib/server/auth/tokens.ts), so a lost token is replaced,
 * never recovered. A token acts as the user it is bound to (lib/server/auth/api-tokens.ts).
 */
import { randomUUID } from "node:crypto";
import { ValidationError } from "@/lib/errors";
import { generateToken, hashToken } from "@/lib/server/auth/tokens";
import { getPrisma } from "@/lib/server/db";

export interface IssuedApiToken {
  readonly id: string;
  readonly name: string;
  /** The bearer secret; returned here once and never stored. */
  readonly token: string;
  readonly createdAt: string;
}

/**
 * Creates a token named `name` acting as user `userId` (undefined: an unowned read-only token).
 * Throws ValidationError for an empty or over-long name.
 */
export async function issueApiToken(name: string, userId: string | undefined): Promise<IssuedApiToken> {
  const trimmed = name.trim();
  if (trimmed === "" || trimmed.length > 100) throw new ValidationError("invalid token name", [{ path: "name", message: "must be 1 to 100 characters" }]);
  const prisma = await getPrisma();
  const token = generateToken();
  const row = await prisma.apiToken.create({ data: { id: randomUUID(), name: trimmed, tokenHash: hashToken(token), userId: userId ?? null } });
  return { id: row.id, name: row.name, token, createdAt: row.createdAt.toISOString() };
}
