import { IssueApiTokenRequestSchema } from "@/lib/contracts/api-tokens";
import { issueApiToken } from "@/lib/server/kube/api-tokens";
import { json, withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/tokens — issue an API token acting as the caller (admin); the secret is returned once. */
export const POST = withRoute({ role: "admin", body: IssueApiTokenRequestSchema }, async ({ body, principal }) =>
  json(await issueApiToken(body.name, principal.userId), 201),
);
