// Plain JavaScript on purpose: with a next.config.ts, `next start` loads Next's SWC native
// library (~26 MB resident for the life of the process) only to compile this file.
import { API_CSP, COMMON_SECURITY_HEADERS, HSTS_VALUE } from "./lib/server/http/security-header-values.mjs";

/** @type {import("next").NextConfig} */
const config = {
  // Database drivers load WebAssembly and data files from their own package folders at run
  // time, so they stay Node modules instead of being bundled (Prisma and pg are external by
  // default in Next).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "@kubernetes/client-node"],
  poweredByHeader: false,
  experimental: {
    // `next start` loads every route's server bundle at start by default. Our routes each carry
    // their own copy of the shared server code (~0.5 MB of source per route chunk), so
    // preloading them all cost ~100 MB of resident memory and several seconds of start-up on
    // two cores; a route is now loaded by its first request (tens of ms, once per process).
    preloadEntriesOnStart: false,
  },
  reactStrictMode: true,
  // The console's icon is app/icon.svg (linked from every page). Browsers still ask for
  // /favicon.ico now and then (a tab restored, a page opened before its head arrived); send them to
  // the icon instead of a 404 in the console.
  async redirects() {
    return [{ source: "/favicon.ico", destination: "/icon.svg", permanent: false }];
  },
  async headers() {
    const common = COMMON_SECURITY_HEADERS.map(([key, value]) => ({ key, value }));
    const json = [...common, { key: "content-security-policy", value: API_CSP }, { key: "cache-control", value: "no-store" }];
    // Behind a TLS-terminating proxy (x-forwarded-proto: https). Pages set HSTS in proxy.ts,
    // API answers also in withRoute (which sees direct TLS too).
    const hsts = [{ key: "strict-transport-security", value: HSTS_VALUE }];
    /** @type {{ type: "header"; key: string; value: string }[]} */
    const overHttps = [{ type: "header", key: "x-forwarded-proto", value: "https" }];
    return [
      // Everything, static files included; pages get their nonce CSP from proxy.ts.
      { source: "/:path*", headers: common },
      { source: "/:path*", has: overHttps, headers: hsts },
      { source: "/api/:path*", headers: json },
      { source: "/k8s", headers: json },
      { source: "/k8s/:path*", headers: json },
    ];
  },
};

export default config;
