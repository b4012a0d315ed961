import type { NextConfig } from "next";

const config: NextConfig = {
  // Database drivers load WebAssembly and data files from their own package folders at run
  // time, so they stay Node modules instead of being bundled (Prisma and pg are external by
  // default in Next).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "@kubernetes/client-node"],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: "/api/:path*",
        headers: [
          { key: "x-content-type-options", value: "nosniff" },
          { key: "referrer-policy", value: "same-origin" },
          { key: "cache-control", value: "no-store" },
        ],
      },
    ];
  },
};

export default config;
