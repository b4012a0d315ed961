/**
 * Security headers on every kind of answer: pages (proxy.ts), API and /k8s (next.config.mjs
 * rules, and withRoute for API answers), HSTS only over https.
 */
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config.mjs";
import { proxy } from "@/proxy";
import { API_CSP, COMMON_SECURITY_HEADERS, HSTS_VALUE, PERMISSIONS_POLICY, applySecurityHeaders } from "@/lib/server/http/security-headers";
import { withRoute } from "@/lib/server/http/with-route";

const REQUIRED = ["x-content-type-options", "referrer-policy", "permissions-policy", "x-frame-options"];

describe("page answers (proxy.ts)", () => {
  const page = (headers: Record<string, string> = {}) => proxy(new NextRequest("http://console.test/flows", { headers: { cookie: "palisade-session=x", ...headers } }));

  it("carry the nonce CSP and the common headers, without HSTS over http", () => {
    const res = page();
    for (const name of REQUIRED) expect(res.headers.get(name), name).not.toBeNull();
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("add HSTS behind a TLS-terminating proxy", () => {
    expect(page({ "x-forwarded-proto": "https" }).headers.get("strict-transport-security")).toBe(HSTS_VALUE);
  });

  it("keep the headers on the redirect to /login", () => {
    const res = proxy(new NextRequest("http://console.test/flows"));
    expect(res.status).toBe(307);
    for (const name of REQUIRED) expect(res.headers.get(name), name).not.toBeNull();
  });
});

describe("API answers", () => {
  it("carry the common headers from withRoute, HSTS over https", async () => {
    const handler = withRoute({ public: true }, async () => ({ ok: true }));
    const plain = await handler(new Request("http://console.test/api/v1/x"), { params: Promise.resolve({}) });
    for (const name of REQUIRED) expect(plain.headers.get(name), name).not.toBeNull();
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const tls = await handler(new Request("https://console.test/api/v1/x"), { params: Promise.resolve({}) });
    expect(tls.headers.get("strict-transport-security")).toBe(HSTS_VALUE);
  });

  it("are covered by next.config.mjs rules for /api, /k8s and everything else", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const keysFor = (source: string) => rules.filter((r) => r.source === source).flatMap((r) => r.headers.map((h) => h.key));
    for (const source of ["/:path*", "/api/:path*", "/k8s/:path*", "/k8s"]) {
      expect(keysFor(source), source).toEqual(expect.arrayContaining(REQUIRED));
    }
    for (const source of ["/api/:path*", "/k8s/:path*"]) {
      expect(rules.find((r) => r.source === source)?.headers).toContainEqual({ key: "content-security-policy", value: API_CSP });
    }
    const hsts = rules.find((r) => r.headers.some((h) => h.key === "strict-transport-security"));
    expect(hsts?.has).toEqual([{ type: "header", key: "x-forwarded-proto", value: "https" }]);
  });
});

describe("applySecurityHeaders", () => {
  it("sets every common header", () => {
    const h = applySecurityHeaders(new Headers(), false);
    for (const [name, value] of COMMON_SECURITY_HEADERS) expect(h.get(name)).toBe(value);
    expect(PERMISSIONS_POLICY).toMatch(/^[a-z-]+=\(\)(, [a-z-]+=\(\))*$/);
  });
});
