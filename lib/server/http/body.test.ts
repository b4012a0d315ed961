import { describe, expect, it } from "vitest";
import { PayloadTooLargeError } from "@/lib/errors";
import { checkContentType, findNulPath, parseJsonText, readBodyText } from "@/lib/server/http/body";
import { parseDocuments } from "@/lib/server/http/documents";

const post = (body: BodyInit | null, headers: Record<string, string> = {}): Request => new Request("http://x.test/", { method: "POST", headers, body });

describe("readBodyText", () => {
  it("reads a UTF-8 body within the limit", async () => {
    await expect(readBodyText(post("héllo"), 100)).resolves.toBe("héllo");
    await expect(readBodyText(post(null), 100)).resolves.toBe("");
  });

  it("refuses a declared length over the limit and a malformed one", async () => {
    await expect(readBodyText(post("x", { "content-length": "101" }), 100)).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(readBodyText(post("x", { "content-length": "1e3" }), 100)).rejects.toMatchObject({ code: "badRequest" });
  });

  it("counts bytes, not characters", async () => {
    await expect(readBodyText(post("é".repeat(60)), 100)).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("refuses bytes that are not UTF-8 instead of replacing them", async () => {
    await expect(readBodyText(post(new Uint8Array([0x61, 0xc3, 0x28])), 100)).rejects.toMatchObject({ code: "badRequest", message: expect.stringContaining("UTF-8") });
  });
});

describe("checkContentType", () => {
  it("accepts JSON types for JSON bodies and YAML/text types for text bodies", () => {
    expect(() => checkContentType(post("{}", { "content-type": "application/json; charset=utf-8" }), "json")).not.toThrow();
    expect(() => checkContentType(post("{}", { "content-type": "application/vnd.x+json" }), "json")).not.toThrow();
    expect(() => checkContentType(post("a: b"), "text")).not.toThrow();
    expect(() => checkContentType(post("a: b", { "content-type": "application/yaml" }), "text")).not.toThrow();
    expect(() => checkContentType(post("a: b", { "content-type": "application/x-www-form-urlencoded" }), "text")).not.toThrow();
  });

  it("refuses other types and other charsets with 415", () => {
    expect(() => checkContentType(post("a: b", { "content-type": "application/yaml" }), "json")).toThrow(expect.objectContaining({ code: "unsupportedMediaType" }));
    expect(() => checkContentType(post("x", { "content-type": "multipart/form-data; boundary=x" }), "text")).toThrow(expect.objectContaining({ code: "unsupportedMediaType" }));
    expect(() => checkContentType(post("x", { "content-type": "text/plain; charset=latin1" }), "text")).toThrow(expect.objectContaining({ code: "unsupportedMediaType" }));
  });
});

describe("parseJsonText", () => {
  it("parses bounded JSON and refuses deeper nesting with 400", () => {
    expect(parseJsonText('{"a":[[1]]}')).toEqual({ a: [[1]] });
    expect(() => parseJsonText("[".repeat(65) + "]".repeat(65))).toThrow(expect.objectContaining({ code: "badRequest" }));
    // Brackets inside strings do not count.
    expect(parseJsonText(JSON.stringify({ s: "[".repeat(1000) }))).toEqual({ s: "[".repeat(1000) });
  });
});

describe("findNulPath", () => {
  it("names the path of a string or key holding U+0000", () => {
    expect(findNulPath({ a: [{ b: "ok" }, { c: "x\u0000" }] })).toBe("a.1.c");
    expect(findNulPath({ "k\u0000": 1 })).toBe("k\\0");
    expect(findNulPath({ a: ["fine"] })).toBeUndefined();
  });
});

describe("parseDocuments", () => {
  const tier = (i: number) => `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: t${i}\nspec:\n  order: ${i}\n`;

  it("yields to the event loop between slices of a long body", async () => {
    const text = Array.from({ length: 400 }, (_, i) => tier(i)).join("---\n");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      const docs = await parseDocuments(text, { maxDocuments: 1000, sliceMs: 0 });
      expect(docs).toHaveLength(400);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it("stops at the document cap with 413", async () => {
    const text = Array.from({ length: 30 }, (_, i) => tier(i)).join("---\n");
    await expect(parseDocuments(text, { maxDocuments: 10 })).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it("turns an alias bomb into a 400 document error", async () => {
    const bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
    await expect(parseDocuments(bomb, { maxDocuments: 10 })).rejects.toMatchObject({ code: "badRequest", message: expect.stringContaining("alias") });
  });
});
