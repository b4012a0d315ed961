import { describe, expect, it } from "vitest";
import type { ConfigMapObject, SecretObject } from "@/lib/cluster/backend";
import { configKeyErrors, decodeBase64Text, encodeBase64Text, isBase64, MAX_DATA_BYTES, toStoredSecret } from "@/lib/cluster/config-data";
import { validateCoreObject } from "@/lib/cluster/core-validate";
import { validateClusterObject } from "@/lib/cluster/validate-object";

const secret = (fields: Partial<SecretObject>): SecretObject => ({ kind: "Secret", metadata: { name: "creds", namespace: "ns" }, ...fields });
const configMap = (fields: Partial<ConfigMapObject>): ConfigMapObject => ({ kind: "ConfigMap", metadata: { name: "settings", namespace: "ns" }, ...fields });

describe("ConfigMap and Secret data", () => {
  it("checks config keys as the apiserver does", () => {
    expect(configKeyErrors("api.key_1-x")).toEqual([]);
    expect(configKeyErrors("a/b")).toHaveLength(1);
    expect(configKeyErrors(".")).toEqual(["must not be '.'"]);
    expect(configKeyErrors("..x")).toEqual(["must not start with '..'"]);
    expect(configKeyErrors("k".repeat(254))).toContain("must be no more than 253 characters");
  });

  it("round-trips UTF-8 text through base64 and recognises padded base64", () => {
    expect(encodeBase64Text("s3cret ✓")).toBe(Buffer.from("s3cret ✓").toString("base64"));
    expect(decodeBase64Text(Buffer.from("clé").toString("base64"))).toBe("clé");
    expect(isBase64("czNjcmV0")).toBe(true);
    expect(isBase64("s3cret!")).toBe(false);
    expect(isBase64("abc")).toBe(false);
  });

  it("refuses a Secret whose data is not base64, naming the key", () => {
    expect(validateCoreObject(secret({ data: { apikey: "plain text!" } }))).toEqual([
      { path: "data[apikey]", message: "Invalid value: must be base64-encoded (use stringData for plain text)" },
    ]);
    expect(validateCoreObject(secret({ data: { "bad/key": "eA==" } }))[0]?.path).toBe("data[bad/key]");
  });

  it("refuses more than 1 MiB of data and a ConfigMap key in both data and binaryData", () => {
    const big = "x".repeat(MAX_DATA_BYTES + 1);
    expect(validateCoreObject(configMap({ data: { big } }))).toEqual([{ path: "data", message: `Too long: must have at most ${MAX_DATA_BYTES} bytes` }]);
    expect(validateCoreObject(configMap({ data: { k: "v" }, binaryData: { k: "eA==" } }))).toEqual([{ path: "data[k]", message: "Invalid value: duplicate of key present in binaryData" }]);
    expect(validateCoreObject(configMap({ data: { accept: "text/plain" } }))).toEqual([]);
  });

  it("merges stringData into data (stringData wins), drops it and defaults the type to Opaque", () => {
    const stored = toStoredSecret(secret({ data: { a: encodeBase64Text("old"), b: encodeBase64Text("kept") }, stringData: { a: "new" } }));
    expect(stored).toEqual({ kind: "Secret", metadata: { name: "creds", namespace: "ns" }, type: "Opaque", data: { a: encodeBase64Text("new"), b: encodeBase64Text("kept") } });
    expect(toStoredSecret(secret({ type: "kubernetes.io/basic-auth" })).type).toBe("kubernetes.io/basic-auth");
    // The store entry point does the same.
    expect(validateClusterObject(secret({ stringData: { apikey: "x" } })).object).toMatchObject({ type: "Opaque", data: { apikey: "eA==" } });
    expect(validateClusterObject(secret({ stringData: { apikey: "x" } })).object).not.toHaveProperty("stringData");
  });
});
