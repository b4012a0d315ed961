/** Contracts of /api/v1/users, /api/v1/tokens, /api/v1/auth-events and the OIDC group mapping. */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";
import { RoleSchema } from "@/lib/contracts/session";

/** A Kubernetes-style name (tiers, namespaces): a lowercase RFC 1123 label. */
const ScopeNameSchema = lazySchema(() => z
  .string()
  .min(1, "Required value")
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a lowercase RFC 1123 name"));

/** A scope: a list of names, or null / absent for "every one". */
export const ScopeListSchema = lazySchema(() => z.array(ScopeNameSchema).max(500).nullable());

export const UsernameSchema = lazySchema(() => z
  .string()
  .trim()
  .min(1, "Required value")
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, "letters, digits and . _ @ - only, starting with a letter or digit"));

/** Local passwords: at least 12 characters (ASVS V2.1.1), at most 1024. */
export const PasswordSchema = lazySchema(() => z.string().min(12, "must be at least 12 characters").max(1024, "must be at most 1024 characters"));

/** POST /api/v1/users. Absent tiers / namespaces: every tier / namespace. */
export const CreateUserRequestSchema = lazySchema(() => z.object({
  username: UsernameSchema,
  password: PasswordSchema,
  role: RoleSchema,
  tiers: ScopeListSchema.optional(),
  namespaces: ScopeListSchema.optional(),
}));
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

/** PATCH /api/v1/users/{username}: any subset; `null` scope = every tier / namespace. */
export const UpdateUserRequestSchema = lazySchema(() => z
  .object({
    role: RoleSchema.optional(),
    tiers: ScopeListSchema.optional(),
    namespaces: ScopeListSchema.optional(),
    disabled: z.boolean().optional(),
    password: PasswordSchema.optional(),
  })
  .strict());
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

/** POST /api/v1/users/{username}/password: an admin sets a new password. */
export const ResetPasswordRequestSchema = lazySchema(() => z.object({ password: PasswordSchema }));

export const UserParamsSchema = lazySchema(() => z.object({ username: UsernameSchema }));

/** A user as the API shows it (never the password hash). `null` scope = every one. */
export const UserViewSchema = lazySchema(() => z.object({
  username: z.string(),
  role: RoleSchema,
  tiers: z.array(z.string()).nullable(),
  namespaces: z.array(z.string()).nullable(),
  disabled: z.boolean(),
  source: z.enum(["local", "oidc"]),
  createdAt: z.string(),
  updatedAt: z.string(),
}));
export type UserView = z.infer<typeof UserViewSchema>;

export const UserListSchema = lazySchema(() => z.object({ items: z.array(UserViewSchema) }));
export type UserList = z.infer<typeof UserListSchema>;

/** Token lifetime: default 90 days, at most one year. */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;

/** POST /api/v1/tokens: role and scopes default to the creator's and may never exceed them. */
export const IssueTokenRequestSchema = lazySchema(() => z.object({
  name: z.string().trim().min(1, "Required value").max(100),
  role: RoleSchema.optional(),
  tiers: ScopeListSchema.optional(),
  namespaces: ScopeListSchema.optional(),
  expiresInDays: z.number().int("must be a whole number of days").min(1, "must be at least 1 day").max(MAX_TOKEN_DAYS, `must be at most ${MAX_TOKEN_DAYS} days (one year)`).optional(),
}));
export type IssueTokenRequest = z.infer<typeof IssueTokenRequestSchema>;

export const TokenViewSchema = lazySchema(() => z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  tiers: z.array(z.string()).nullable(),
  namespaces: z.array(z.string()).nullable(),
  /** The owner's username (`null`: a token without a user). */
  user: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
}));
export type TokenView = z.infer<typeof TokenViewSchema>;

export const TokenListSchema = lazySchema(() => z.object({ items: z.array(TokenViewSchema) }));
export type TokenList = z.infer<typeof TokenListSchema>;

/** The answer to POST /api/v1/tokens: the secret is in `token`, shown this once. */
export const IssuedTokenSchema = lazySchema(() => TokenViewSchema.extend({ token: z.string() }));
export type IssuedToken = z.infer<typeof IssuedTokenSchema>;

export const TokenParamsSchema = lazySchema(() => z.object({ id: z.string().uuid("not a token id") }));

/** One authentication audit event. */
export const AuthEventViewSchema = lazySchema(() => z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  outcome: z.enum(["success", "failure"]),
  clientAddress: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
}));
export type AuthEventView = z.infer<typeof AuthEventViewSchema>;

export const AuthEventPageSchema = lazySchema(() => z.object({ items: z.array(AuthEventViewSchema), next: z.string().optional() }));
export type AuthEventPage = z.infer<typeof AuthEventPageSchema>;

export const AuthEventQuerySchema = lazySchema(() => z.object({
  before: z.string().regex(/^\d+$/, "must be an event id").optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  actor: z.string().max(200).optional(),
  target: z.string().max(200).optional(),
}));
export type AuthEventQuery = z.infer<typeof AuthEventQuerySchema>;

/** One OIDC group → role / scope rule (Settings). The first matching rule with the highest role wins per field; see lib/auth/oidc-mapping.ts. */
export const OidcGroupMappingSchema = lazySchema(() => z.object({
  group: z.string().trim().min(1, "Required value").max(256),
  role: RoleSchema,
  tiers: ScopeListSchema.optional(),
  namespaces: ScopeListSchema.optional(),
}));
export type OidcGroupMapping = z.infer<typeof OidcGroupMappingSchema>;

export const OidcSettingsSchema = lazySchema(() => z.object({ mappings: z.array(OidcGroupMappingSchema).max(200) }));
export type OidcSettings = z.infer<typeof OidcSettingsSchema>;

/** What Settings shows about OIDC: whether it is configured by the environment, and the mapping. */
export const OidcSettingsViewSchema = lazySchema(() => OidcSettingsSchema.extend({ enabled: z.boolean(), issuer: z.string().nullable(), groupsClaim: z.string() }));
export type OidcSettingsView = z.infer<typeof OidcSettingsViewSchema>;
