/** The answer of a 204 No Content (a DELETE, a password change): no body, which the fetcher reads as `undefined`. */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";

export const NoContentSchema = lazySchema(() => z.undefined());
