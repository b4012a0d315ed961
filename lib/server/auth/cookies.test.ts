import { describe, expect, it } from "vitest";
import {
  PLAIN_SESSION_COOKIE,
  SECURE_SESSION_COOKIE,
  buildClearedSessionCookie,
  buildSessionCookie,
  isHttpsRequest,
  parseCookieHeader,
  readSessionToken,
} from "@/lib/server/auth/cookies";

describe("session cookie", () => {
  const expires = new Date("2030-01-02T03:04:05Z");

  it("is HttpOnly, SameSite=Lax, Path=/ and not Secure over http", () => {
    const c = buildSessionCookie("tok", expires, false);
    expect(c).toBe(`${PLAIN_SESSION_COOKIE}=tok; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; SameSite=Lax`);
  });

  it("uses the __Host- prefix and Secure over https", () => {
    const c = buildSessionCookie("tok", expires, true);
    expect(c.startsWith(`${SECURE_SESSION_COOKIE}=tok;`)).toBe(true);
    expect(c).toContain("; Secure");
    expect(c).not.toContain("Domain=");
  });

  it("clears with Max-Age=0", () => {
    expect(buildClearedSessionCookie(false)).toContain("Max-Age=0");
  });

  it("parses Cookie headers and prefers the secure name", () => {
    const jar = parseCookieHeader(`a=1; ${PLAIN_SESSION_COOKIE}=plain; ${SECURE_SESSION_COOKIE}=secure; b=%41`);
    expect(readSessionToken(jar)).toBe("secure");
    expect(jar.get("b")).toBe("A");
    expect(readSessionToken(parseCookieHeader(`${PLAIN_SESSION_COOKIE}=`))).toBeUndefined();
    expect(readSessionToken(parseCookieHeader(null))).toBeUndefined();
  });

  it("detects https directly or through X-Forwarded-Proto", () => {
    expect(isHttpsRequest("https://x/", new Headers())).toBe(true);
    expect(isHttpsRequest("http://x/", new Headers({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(isHttpsRequest("https://x/", new Headers({ "x-forwarded-proto": "http" }))).toBe(false);
    expect(isHttpsRequest("http://x/", new Headers())).toBe(false);
  });
});
