import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SLICED_JSON_MIN_CHARS, parseJsonInSlices } from "@/lib/contracts/parse-json-in-slices";

/** A pause that counts itself. */
function counter(): { pauses: number; fn: () => Promise<void> } {
  const c = { pauses: 0, fn: async () => void c.pauses++ };
  return c;
}

/** parseJsonInSlices with every text sliced (no length floor) and a slice after every step. */
const sliced = (text: string, pause = counter()): Promise<unknown> => parseJsonInSlices(text, pause.fn, 0, 0);

async function outcome(f: () => unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.name : String(e) };
  }
}

describe("parseJsonInSlices", () => {
  it("gives what JSON.parse gives for any JSON text, keys in the same order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 4 }), async (text) => {
        const value = await sliced(text);
        expect(value).toEqual(JSON.parse(text));
        if (value !== null && typeof value === "object") expect(Object.keys(value)).toEqual(Object.keys(JSON.parse(text) as object));
      }),
      { numRuns: 500 },
    );
  });

  it("gives what JSON.parse gives for objects of arrays, spaced and with awkward strings", async () => {
    const awkward = fc.oneof(fc.string(), fc.constantFrom("},{", '"]', "\\", "[", "\\\"],", "\u2028"));
    const element = fc.oneof(fc.integer(), awkward, fc.dictionary(awkward, fc.oneof(awkward, fc.array(awkward))), fc.array(fc.array(fc.integer())), fc.constant(null));
    const object = fc.dictionary(awkward, fc.oneof(fc.array(element), element));
    await fc.assert(
      fc.asyncProperty(object, fc.constantFrom(undefined, 1, "\t"), async (o, space) => {
        const text = JSON.stringify(o, null, space);
        expect(await sliced(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps JSON.parse's rule for duplicate keys and its own __proto__ key", async () => {
    for (const text of ['{"a":[1],"a":[2]}', '{"a":[1],"a":5}', '{"a":5,"a":[1]}', '{"a":[1],"a":5,"a":[2,3]}', '{"__proto__":[1,2],"b":[3]}']) {
      const value = await sliced(text);
      expect(value).toEqual(JSON.parse(text));
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    }
  });

  it("refuses what JSON.parse refuses, with a SyntaxError", async () => {
    const bad = ['{"a":[1,]}', '{"a":[,1]}', '{"a":[1,,2]}', '{"a":[1 2]}', '{"a":[1}', '{"a":[1]', '{"a":["x]}', '{"a":[1]} x', '{"a":[{]}', "", '{"a":[1], }'];
    for (const text of bad) {
      expect(await outcome(() => JSON.parse(text))).toEqual({ ok: false, error: "SyntaxError" });
      expect(await outcome(() => sliced(text))).toEqual({ ok: false, error: "SyntaxError" });
    }
    await fc.assert(
      fc.asyncProperty(fc.json(), fc.nat(), fc.constantFrom("", ",", "]", "}", '"', "[", "{", ":"), async (text, at, insert) => {
        const mangled = text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1));
        const expected = await outcome(() => JSON.parse(mangled));
        const got = await outcome(() => sliced(mangled));
        expect(got.ok).toBe(expected.ok);
        if (got.ok && expected.ok) expect(got.value).toEqual(expected.value);
      }),
      { numRuns: 1000 },
    );
  });

  it("parses a large answer's long arrays in slices, yielding between them", async () => {
    const answer = {
      from: 1,
      nodes: Array.from({ length: 20_000 }, (_, i) => ({ id: `n${i}`, kind: "workload", label: `w "${i}" ]}`, namespace: "ns" })),
      edges: Array.from({ length: 40_000 }, (_, i) => ({ id: `e${i}`, source: `n${i % 20_000}`, target: `n${(i + 1) % 20_000}`, stats: { flows: 1, bytes: i }, ports: ["tcp/80"], policies: [] })),
      aggregated: false,
    };
    const text = JSON.stringify(answer);
    expect(text.length).toBeGreaterThan(SLICED_JSON_MIN_CHARS);
    const pause = counter();
    const value = await parseJsonInSlices(text, pause.fn, 0);
    expect(value).toEqual(answer);
    expect(Object.keys(value as object)).toEqual(["from", "nodes", "edges", "aggregated"]);
    expect(pause.pauses).toBeGreaterThan(10);
  });

  it("parses a short text in one JSON.parse, without yielding", async () => {
    const pause = counter();
    expect(await parseJsonInSlices('{"nodes":[1,2,3]}', pause.fn, 0)).toEqual({ nodes: [1, 2, 3] });
    expect(pause.pauses).toBe(0);
  });
});
