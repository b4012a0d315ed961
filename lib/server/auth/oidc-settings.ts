import "server-only";
/**
 * The OIDC group → role / scope mapping, kept in the Setting table (key `oidc.groupMappings`) so
 * admins edit it in Settings; the issuer, client id and secret come from the environment.
 */
import type { OidcSettings, OidcSettingsView } from "@/lib/contracts/users";
import { OidcSettingsSchema } from "@/lib/contracts/users";
import { recordAuthEvent } from "@/lib/server/auth/auth-events";
import type { Principal } from "@/lib/server/auth/principal";
import { getPrisma } from "@/lib/server/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/server/env";

const KEY = "oidc.groupMappings";

/** The stored mapping (none when unset or unreadable). */
export async function readOidcSettings(): Promise<OidcSettings> {
  const prisma = await getPrisma();
  const row = await prisma.setting.findUnique({ where: { key: KEY } });
  const parsed = OidcSettingsSchema.safeParse(row?.value ?? { mappings: [] });
  return parsed.success ? parsed.data : { mappings: [] };
}

/** Whether OIDC sign-in is configured by the environment. */
export function oidcEnabled(): boolean {
  return env.PALISADE_OIDC_ISSUER !== undefined && env.PALISADE_OIDC_CLIENT_ID !== undefined;
}

export async function getOidcSettingsView(): Promise<OidcSettingsView> {
  return { ...(await readOidcSettings()), enabled: oidcEnabled(), issuer: env.PALISADE_OIDC_ISSUER ?? null, groupsClaim: env.PALISADE_OIDC_GROUPS_CLAIM };
}

/** Replaces the mapping (admin); an audit event records before and after. */
export async function writeOidcSettings(settings: OidcSettings, actor: Principal): Promise<OidcSettingsView> {
  const prisma = await getPrisma();
  const before = await readOidcSettings();
  const value: Prisma.InputJsonObject = {
    mappings: settings.mappings.map((m) => ({
      group: m.group,
      role: m.role,
      ...(m.tiers !== undefined ? { tiers: m.tiers } : {}),
      ...(m.namespaces !== undefined ? { namespaces: m.namespaces } : {}),
    })),
  };
  await prisma.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value, updatedAt: new Date() } });
  await recordAuthEvent({ actor: actor.username, action: "oidc.mapping", target: "oidc", outcome: "success", detail: { before: before.mappings, after: settings.mappings } });
  return getOidcSettingsView();
}
