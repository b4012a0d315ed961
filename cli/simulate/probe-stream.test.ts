/**
 * The probes-file splitter: elements come out whole and in order however the file is cut into
 * pieces (strings with escaped quotes, brackets and commas inside strings, nesting), and
 * structural errors are reported instead of guessed around.
 */
import { describe, expect, it } from "vitest";
import { ProbeFileSyntaxError, probeTexts } from "@/cli/simulate/probe-stream";

async function* cut(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function split(text: string, size: number): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of probeTexts(cut(text, size))) {
    for (const { index, text: t } of batch) {
      expect(index).toBe(out.length);
      out.push(t);
    }
  }
  return out;
}

const ELEMENTS = [
  { from: "a/b", to: { domain: 'x,"]}.com' }, protocol: "TCP", port: 80 },
  { from: { ip: "10.0.0.1" }, to: "c/d", protocol: 6, port: 443, icmp: null },
  { from: "e\\\\/f", to: "g/h", protocol: "ICMP", icmp: { type: 8, code: 0 }, extra: [[1, [2]], {}] },
  "not an object",
  42,
];

describe("probeTexts", () => {
  it.each([1, 2, 3, 7, 64, 100_000])("splits a pretty-printed array cut every %i characters", async (size) => {
    const text = `\n ${JSON.stringify(ELEMENTS, null, 2)}\n`;
    const parts = await split(text, size);
    expect(parts.map((p) => JSON.parse(p) as unknown)).toEqual(ELEMENTS);
  });

  it("splits a compact array and an empty one", async () => {
    expect((await split(JSON.stringify(ELEMENTS), 5)).map((p) => JSON.parse(p) as unknown)).toEqual(ELEMENTS);
    expect(await split("[]", 1)).toEqual([]);
    expect(await split(" [ \n ] \n", 2)).toEqual([]);
  });

  it.each([
    ["", "the file is empty"],
    ["[1,", "not closed"],
    ["[1,]", "probes[1] is missing"],
    ["[,1]", "probes[0] is missing"],
    ['[{"a": "b]', "unterminated string"],
    ["[1] x", "after the closing"],
    ['{"not": "an array"}', "must be a JSON array of probes, got an object"],
    ["nope", "not valid JSON"],
  ])("%j → %s", async (text, message) => {
    const run = split(text, 2);
    await expect(run).rejects.toThrow(ProbeFileSyntaxError);
    await expect(split(text, 2)).rejects.toThrow(message);
  });
});
