import "server-only";
import path from "node:path";
import * as z from "zod";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

/**
 * The environment, parsed once with zod when this module is first imported, so a bad value
 * fails the server at boot instead of at first use.
 */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Empty strings count as unset: `FOO= npm start` must not mean "password is empty". */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: positiveInt(3000).pipe(z.number().max(65535)),
  /** Where the embedded database, the generated admin password and other state live. */
  PALISADE_DATA_DIR: z.string().min(1).default(".data"),
  /** A PostgreSQL URL; when unset the embedded PGlite database in the data folder is used. */
  DATABASE_URL: optionalString,
  /** The local admin's password; generated at first start when unset. */
  PALISADE_ADMIN_PASSWORD: optionalString.pipe(z.string().min(8, "must be at least 8 characters").optional()),
  PALISADE_ADMIN_USERNAME: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i).default("admin"),
  /** Absolute session lifetime (OWASP ASVS V3.3.2 L2: 12 hours). */
  PALISADE_SESSION_TTL_HOURS: positiveInt(12),
  /** A session unused for this long ends (ASVS V3.3.2 L2: 30 minutes). */
  PALISADE_SESSION_IDLE_MINUTES: positiveInt(30),
  /**
   * Extra origins (`https://console.example.com`) allowed to send cookie-authenticated writes,
   * for deployments behind a proxy that rewrites Host. Comma-separated.
   */
  PALISADE_TRUSTED_ORIGINS: optionalString.transform((v) =>
    v === undefined
      ? []
      : v
          .split(",")
          .map((s) => s.trim().replace(/\/+$/, ""))
          .filter((s) => s !== ""),
  ),
  PALISADE_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Largest request body read by any API route (bytes); larger ones get 413 before being read. */
  PALISADE_MAX_BODY_BYTES: positiveInt(10 * 1024 * 1024),
  /** Largest flow-log ingest body (bytes): shippers send bigger batches than people do. */
  PALISADE_MAX_FLOW_BODY_BYTES: positiveInt(32 * 1024 * 1024),
  /** Most flow records one ingest request may hold; more gets 413 as soon as the next one is seen. */
  PALISADE_MAX_FLOW_RECORDS: positiveInt(50_000),
  /** Most documents one Apply (or create) request may hold; more gets 413 before validation. */
  PALISADE_MAX_APPLY_DOCUMENTS: positiveInt(500),
  /**
   * The key that encrypts secrets at rest (cluster tokens, kubeconfig content): 32 bytes as
   * base64 or hex. When unset, a key is generated once into `<data folder>/secret.key` (0600).
   */
  PALISADE_SECRET_KEY: optionalString,
  /** Folder of kubeconfig files the server may read by path; unset = no paths, content only. */
  PALISADE_KUBECONFIG_DIR: optionalString,
  /** Allow kubeconfig `exec` credential plugins (they run a program on the server). */
  PALISADE_ALLOW_EXEC_CREDENTIALS: z.enum(["0", "1", "true", "false"]).optional().transform((v) => v === "1" || v === "true"),
  // ---- Users, permissions and sign-in ----
  /**
   * `1`/`true` when a reverse proxy sets X-Forwarded-For: only then is the client address used
   * for per-address login throttling (otherwise any client could claim any address).
   */
  PALISADE_TRUST_PROXY: optionalString.transform((v) => v === "1" || v?.toLowerCase() === "true"),
  /** OIDC sign-in: the issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). Unset: OIDC off. */
  PALISADE_OIDC_ISSUER: optionalString.pipe(z.string().url("must be a URL").optional()),
  PALISADE_OIDC_CLIENT_ID: optionalString,
  PALISADE_OIDC_CLIENT_SECRET: optionalString,
  /** The ID-token / userinfo claim holding the user's groups. */
  PALISADE_OIDC_GROUPS_CLAIM: optionalString.transform((v) => v ?? "groups"),
  /** Extra scopes to ask for besides `openid profile email` (space-separated, e.g. `groups`). */
  PALISADE_OIDC_SCOPES: optionalString,
});

export type Env = z.infer<typeof EnvSchema> & {
  /** PALISADE_DATA_DIR resolved against the working directory. */
  readonly dataDir: string;
};

/** Parses an environment; returns every bad variable as `NAME: message`. Never throws. */
export function parseEnv(source: Readonly<Record<string, string | undefined>>): Result<Env, string[]> {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    return err(parsed.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`));
  }
  return ok({ ...parsed.data, dataDir: path.resolve(parsed.data.PALISADE_DATA_DIR) });
}

function envOrThrow(): Env {
  const result = parseEnv(process.env);
  if (!result.ok) throw new Error(`invalid environment:\n  ${result.error.join("\n  ")}`);
  return result.value;
}

/** The parsed environment of this process. */
export const env: Env = envOrThrow();
