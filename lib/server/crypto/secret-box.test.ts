import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSealed, keyIdOf, openSecret, parseSecretKey, sealSecret, SEALED_PREFIX } from "@/lib/server/crypto/secret-box";
import { hasPlaintextSecrets, openClusterConfig, sealClusterConfig } from "@/lib/server/crypto/cluster-secrets";

const key = new Uint8Array(randomBytes(32));
const other = new Uint8Array(randomBytes(32));

describe("sealSecret / openSecret", () => {
  it("round-trips, with a fresh nonce each time and no plaintext in the sealed form", () => {
    const a = sealSecret("bearer-xyz", key, "cluster/a/token");
    const b = sealSecret("bearer-xyz", key, "cluster/a/token");
    expect(a).not.toBe(b);
    expect(a.startsWith(SEALED_PREFIX)).toBe(true);
    expect(a).not.toContain("bearer-xyz");
    expect(openSecret(a, key, "cluster/a/token")).toEqual({ ok: true, value: "bearer-xyz" });
    expect(openSecret(sealSecret("", key, "c"), key, "c")).toEqual({ ok: true, value: "" });
    expect(openSecret(sealSecret("ünïcode ✓", key, "c"), key, "c")).toEqual({ ok: true, value: "ünïcode ✓" });
  });

  it("refuses another context (a value moved to another row or field)", () => {
    const sealed = sealSecret("s", key, "cluster/a/token");
    expect(openSecret(sealed, key, "cluster/b/token").ok).toBe(false);
  });

  it("says when the key is another one", () => {
    const r = openSecret(sealSecret("s", key, "c"), other, "c");
    expect(r).toEqual({ ok: false, error: expect.stringContaining(`another key (id ${keyIdOf(key)})`) });
  });

  it("detects tampering with the ciphertext, the tag or the nonce", () => {
    const sealed = sealSecret("secret value", key, "c");
    const parts = sealed.split(":");
    const body = Buffer.from(parts[4] ?? "", "base64url");
    for (const i of [0, body.byteLength - 1]) {
      const flipped = Buffer.from(body);
      flipped[i] = (flipped[i] ?? 0) ^ 1;
      expect(openSecret([...parts.slice(0, 4), flipped.toString("base64url")].join(":"), key, "c").ok).toBe(false);
    }
    const nonce = Buffer.from(parts[3] ?? "", "base64url");
    nonce[0] = (nonce[0] ?? 0) ^ 1;
    expect(openSecret([...parts.slice(0, 3), nonce.toString("base64url"), parts[4]].join(":"), key, "c").ok).toBe(false);
    expect(openSecret(`${SEALED_PREFIX}x:y`, key, "c").ok).toBe(false);
    expect(openSecret("plain", key, "c").ok).toBe(false);
  });

  it("refuses a key of the wrong size", () => {
    expect(() => sealSecret("s", new Uint8Array(16), "c")).toThrow(RangeError);
  });
});

describe("parseSecretKey", () => {
  it("reads base64 (standard, URL-safe, unpadded) and hex of 32 bytes", () => {
    const raw = randomBytes(32);
    for (const text of [raw.toString("base64"), raw.toString("base64url"), raw.toString("base64").replace(/=$/, ""), raw.toString("hex"), ` ${raw.toString("hex")}\n`]) {
      const r = parseSecretKey(text);
      expect(r.ok && Buffer.from(r.value).equals(raw)).toBe(true);
    }
  });

  it("refuses other lengths and text", () => {
    for (const text of ["", "short", randomBytes(16).toString("base64"), randomBytes(31).toString("hex"), "z".repeat(64)]) {
      expect(parseSecretKey(text).ok).toBe(false);
    }
  });
});

describe("cluster config secrets", () => {
  const config = { source: "token", server: "https://k:6443", token: "tok-123", goldmane: { address: "g:7443", keyPem: "-----BEGIN KEY-----" } };

  it("seals exactly the secret fields and opens them back", () => {
    const sealed = sealClusterConfig("prod", config, key);
    expect(sealed).toMatchObject({ source: "token", server: "https://k:6443", goldmane: { address: "g:7443" } });
    expect(JSON.stringify(sealed)).not.toContain("tok-123");
    expect(JSON.stringify(sealed)).not.toContain("BEGIN KEY");
    expect(isSealed((sealed as { token: unknown }).token)).toBe(true);
    expect(hasPlaintextSecrets(config)).toBe(true);
    expect(hasPlaintextSecrets(sealed)).toBe(false);
    expect(openClusterConfig("prod", sealed, key)).toEqual(config);
    // Sealing twice keeps the sealed values as they are.
    expect(sealClusterConfig("prod", sealed, key)).toEqual(sealed);
  });

  it("refuses to open a config copied to another cluster, naming the field", () => {
    const sealed = sealClusterConfig("prod", config, key);
    expect(() => openClusterConfig("staging", sealed, key)).toThrow(/cluster "staging": token/);
  });
});
