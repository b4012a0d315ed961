import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { generateToken, hashToken } from "@/lib/server/auth/tokens";

describe("password hashing", () => {
  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("s3cret-passw0rd");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPassword("s3cret-passw0rd", hash)).toBe(true);
    expect(await verifyPassword("s3cret-passw0rD", hash)).toBe(false);
  });

  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("never matches a malformed hash", async () => {
    for (const bad of ["", "plain", "scrypt$1$2$3$$", "bcrypt$16384$8$1$c2FsdA$aGFzaA", "scrypt$x$8$1$c2FsdA$aGFzaA"]) {
      expect(await verifyPassword("anything", bad)).toBe(false);
    }
  });

  it("generates strong random secrets", () => {
    expect(generatePassword()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(generatePassword());
    expect(generateToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
