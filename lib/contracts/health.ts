/** Contract of GET /api/v1/healthz. */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";

export const HealthSchema = lazySchema(() => z.object({ status: z.literal("ok"), version: z.string() }));
export type Health = z.infer<typeof HealthSchema>;
