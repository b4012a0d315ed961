import { describe, expect, it } from "vitest";
import { TextMemo } from "@/cli/simulate/text-memo";

describe("TextMemo", () => {
  it("remembers values by key text", () => {
    const memo = new TextMemo(1000);
    memo.set('{"from":"a/b"}', "out-1");
    expect(memo.get('{"from":"a/b"}')).toBe("out-1");
    expect(memo.has('{"from":"a/b"}')).toBe(true);
    expect(memo.get('{"from":"a/c"}')).toBeUndefined();
    expect(memo.has('{"from":"a/c"}')).toBe(false);
  });

  it("finds a key cut out of a larger text (the probe splitter's slices)", () => {
    const memo = new TextMemo(1000);
    const piece = `[{"from":"ns/x","to":"ns/y"},{"from":"ns/x","to":"ns/y"}]`;
    memo.set(piece.slice(1, 28), "first");
    expect(memo.get(piece.slice(29, 56))).toBe("first");
  });

  it("turns itself off when probes do not repeat (fewer than 1 in 8 found in the first 65,536 look-ups)", () => {
    const rare = new TextMemo(1 << 24);
    for (let i = 0; i < 1 << 16; i++) {
      if (rare.get(`k${i}`) === undefined) rare.set(`k${i}`, "v");
    }
    rare.set("again", "v");
    expect(rare.get("again")).toBeUndefined();
    expect(rare.get("k1")).toBeUndefined();

    const often = new TextMemo(1 << 24);
    for (let i = 0; i < 1 << 16; i++) {
      if (often.get(`k${i % 100}`) === undefined) often.set(`k${i % 100}`, "v");
    }
    expect(often.get("k1")).toBe("v");
  });

  it("stops growing at its size in characters (keys and values)", () => {
    const memo = new TextMemo(20);
    memo.set("k1", "0123456789"); // 12 characters
    memo.set("k2", "0123456789"); // would make 24: not remembered
    memo.set("k3", "abc"); // 17: fits
    expect(memo.get("k1")).toBe("0123456789");
    expect(memo.get("k2")).toBeUndefined();
    expect(memo.get("k3")).toBe("abc");
  });
});
