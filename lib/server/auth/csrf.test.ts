import { describe, expect, it } from "vitest";
import { isSameOriginRequest, isUnsafeMethod } from "@/lib/server/auth/csrf";

function req(method: string, headers: Record<string, string> = {}): Request {
  return new Request("http://console.local:3000/api/v1/clusters", { method, headers });
}

describe("isSameOriginRequest", () => {
  it("always lets safe methods through", () => {
    expect(isSameOriginRequest(req("GET", { origin: "http://evil.example", "sec-fetch-site": "cross-site" }), [])).toBe(true);
    expect(isUnsafeMethod("HEAD")).toBe(false);
    expect(isUnsafeMethod("delete")).toBe(true);
  });

  it("decides by Sec-Fetch-Site when present", () => {
    expect(isSameOriginRequest(req("POST", { "sec-fetch-site": "same-origin" }), [])).toBe(true);
    expect(isSameOriginRequest(req("POST", { "sec-fetch-site": "none" }), [])).toBe(true);
    expect(isSameOriginRequest(req("POST", { "sec-fetch-site": "same-site" }), [])).toBe(false);
    expect(isSameOriginRequest(req("POST", { "sec-fetch-site": "cross-site", origin: "http://console.local:3000" }), [])).toBe(false);
  });

  it("otherwise compares Origin with the request's own origin or a trusted one", () => {
    expect(isSameOriginRequest(req("PUT", { origin: "http://console.local:3000" }), [])).toBe(true);
    expect(isSameOriginRequest(req("PUT", { origin: "http://console.local:3001" }), [])).toBe(false);
    expect(isSameOriginRequest(req("PUT", { origin: "null" }), [])).toBe(false);
    expect(isSameOriginRequest(req("PUT", { origin: "https://console.example.com" }), ["https://console.example.com"])).toBe(true);
  });

  it("uses the forwarded host and scheme behind a proxy", () => {
    const r = req("DELETE", { origin: "https://palisade.example.com", "x-forwarded-host": "palisade.example.com", "x-forwarded-proto": "https" });
    expect(isSameOriginRequest(r, [])).toBe(true);
  });

  it("lets non-browser clients (no Origin, no Sec-Fetch-Site) through", () => {
    expect(isSameOriginRequest(req("POST"), [])).toBe(true);
  });
});
