import { describe, expect, it } from "vitest";
import type { FlowBodyItem } from "@/lib/flows";
import { iterateFlowBodyItems } from "@/lib/flows";

const all = (text: string): FlowBodyItem[] => [...iterateFlowBodyItems(text)];

describe("iterateFlowBodyItems", () => {
  it("gives the non-blank lines of JSON lines with their numbers (CRLF too)", () => {
    expect(all('{"a":1}\r\n\n  \n{"b":2}\n')).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
    ]);
    expect(all("")).toEqual([]);
  });

  it("splits an array into its elements, whatever the strings and nesting hold", () => {
    const elements = ['{"s":"a],b\\"}{[","n":[1,[2,{"x":"]"}]]}', '"\\\\"', "42", "null", '{"t":"\\\\\\""}'];
    const items = all(`  [ ${elements.join(" ,\n ")} ]  `);
    expect(items).toEqual(elements.map((text, i) => ({ line: i + 1, text })));
    // Each element is the exact JSON of the value.
    for (const [i, e] of elements.entries()) expect(JSON.parse((items[i] as { text: string }).text)).toEqual(JSON.parse(e));
    expect(all("[]")).toEqual([]);
  });

  it("reports a broken array structure once, where it broke", () => {
    expect(all('[{"a":1}, {"b":')).toEqual([{ line: 1, text: '{"a":1}' }, { line: 2, error: "the body is not valid JSON: the array is not closed" }]);
    expect(all('[{"a":1} {"b":2}]')).toEqual([{ line: 1, text: '{"a":1}' }, { line: 1, error: 'the body is not valid JSON: expected "," or "]" after element 1' }]);
    expect(all('[{"a":1}] x')).toEqual([{ line: 1, text: '{"a":1}' }, { line: 1, error: "the body is not valid JSON: unexpected text after the array" }]);
    expect(all('["open')).toEqual([{ line: 1, error: "the body is not valid JSON: the array is not closed" }]);
    expect(all("[1,")).toEqual([{ line: 1, text: "1" }, { line: 2, error: "the body is not valid JSON: the array is not closed" }]);
  });

  it("is lazy: a consumer can stop after the first items of a huge body", () => {
    const it = iterateFlowBodyItems(`[${'{"a":1},'.repeat(1_000_000)}{"a":1}]`);
    expect(it.next().value).toEqual({ line: 1, text: '{"a":1}' });
    expect(it.next().value).toEqual({ line: 2, text: '{"a":1}' });
  });

  it("scans in linear time (escaped quotes and deep brackets)", () => {
    const t0 = performance.now();
    all(`[${'"\\\\\\"x",'.repeat(200_000)}1]`);
    all(`[${"[".repeat(100_000)}${"]".repeat(100_000)}]`);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
