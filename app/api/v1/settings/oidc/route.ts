import { OidcSettingsSchema } from "@/lib/contracts/users";
import { getOidcSettingsView, writeOidcSettings } from "@/lib/server/auth/oidc-settings";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/settings/oidc — whether OIDC sign-in is configured, and the group → role / scope mapping (admin). */
export const GET = withRoute({ role: "admin" }, async () => getOidcSettingsView());

/** PUT /api/v1/settings/oidc — replace the group → role / scope mapping (admin). */
export const PUT = withRoute({ role: "admin", body: OidcSettingsSchema }, async ({ body, principal }) => writeOidcSettings(body, principal));
