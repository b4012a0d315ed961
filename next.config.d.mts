/** Type of next.config.mjs (plain JavaScript so `next start` needs no TypeScript compiler). */
import type { NextConfig } from "next";

declare const config: NextConfig;
export default config;
