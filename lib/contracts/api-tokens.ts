/** Contracts of /api/v1/tokens. */
import { z } from "zod";

/** POST /api/v1/tokens: a token for the calling user, named for the people who see it later. */
export const IssueApiTokenRequestSchema = z.object({
  name: z.string().trim().min(1, "Required value").max(100),
});
export type IssueApiTokenRequest = z.infer<typeof IssueApiTokenRequestSchema>;

/** The answer: the secret is in `token`, shown this once. */
export const IssuedApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string(),
  createdAt: z.string(),
});
export type IssuedApiTokenResponse = z.infer<typeof IssuedApiTokenSchema>;
