import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/server/env";

describe("parseEnv", () => {
  it("applies defaults", () => {
    const r = parseEnv({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ PORT: 3000, PALISADE_DATA_DIR: ".data", PALISADE_ADMIN_USERNAME: "admin", PALISADE_SESSION_TTL_HOURS: 12, PALISADE_SESSION_IDLE_MINUTES: 30 });
    expect(r.value.PALISADE_ADMIN_PASSWORD).toBeUndefined();
    expect(r.value.dataDir.endsWith(".data")).toBe(true);
  });

  it("treats empty strings as unset and splits trusted origins", () => {
    const r = parseEnv({ PALISADE_ADMIN_PASSWORD: "", DATABASE_URL: " ", PALISADE_TRUSTED_ORIGINS: "https://a.example/, https://b.example" });
    expect(r.ok && r.value.PALISADE_ADMIN_PASSWORD).toBeUndefined();
    expect(r.ok && r.value.DATABASE_URL).toBeUndefined();
    expect(r.ok && r.value.PALISADE_TRUSTED_ORIGINS).toEqual(["https://a.example", "https://b.example"]);
  });

  it("reports every bad variable by name", () => {
    const r = parseEnv({ PORT: "http", PALISADE_ADMIN_PASSWORD: "short", PALISADE_SESSION_TTL_HOURS: "-1" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((e) => e.split(":")[0])).toEqual(expect.arrayContaining(["PORT", "PALISADE_ADMIN_PASSWORD", "PALISADE_SESSION_TTL_HOURS"]));
  });
});
