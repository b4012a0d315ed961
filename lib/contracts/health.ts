/** Contract of GET /api/v1/healthz. */
import * as z from "zod";

export const HealthSchema = z.object({ status: z.literal("ok"), version: z.string() });
export type Health = z.infer<typeof HealthSchema>;
