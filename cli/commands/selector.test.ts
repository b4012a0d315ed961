import { describe, expect, it } from "vitest";
import { runPalisade, stdoutJson } from "@/cli/test-harness";

describe("palisade selector", () => {
  it("prints valid, matches and the canonical form; exit 0 whether or not it matches", async () => {
    const match = await runPalisade(["selector", "app == 'web' && has(tier)", "--labels", "app=web,tier=front"]);
    expect(match.code).toBe(0);
    expect(stdoutJson(match)).toEqual({ valid: true, matches: true, canonical: '(app == "web" && has(tier))' });
    const miss = await runPalisade(["selector", "app == 'web'", "--labels-json", '{"app": "db"}']);
    expect(miss.code).toBe(0);
    expect(stdoutJson(miss)).toEqual({ valid: true, matches: false, canonical: 'app == "web"' });
  });

  it("matches against no labels when none are given", async () => {
    const run = await runPalisade(["selector", "!has(app)"]);
    expect(stdoutJson(run)).toMatchObject({ valid: true, matches: true });
  });

  it("an invalid selector gives the error and its offset, exit 1", async () => {
    const run = await runPalisade(["selector", "app == ", "--labels", "app=web"]);
    expect(run.code).toBe(1);
    const out = stdoutJson<{ valid: boolean; error: string; offset: number }>(run);
    expect(out.valid).toBe(false);
    expect(out.offset).toBe(7);
    expect(out.error).not.toBe("");
    expect(Object.keys(out).sort()).toEqual(["error", "offset", "valid"]);
  });

  it.each([
    [["selector", "a == 'b'", "--labels", "novalue"], "not key=value"],
    [["selector", "a == 'b'", "--labels-json", "[1]"], "JSON object of string values"],
    [["selector", "a == 'b'", "--labels-json", "{"], "not valid JSON"],
    [["selector", "a == 'b'", "--labels", "a=b", "--labels-json", "{}"], "not both"],
    [["selector"], "missing selector EXPR"],
    [["selector", "a", "b"], "unexpected argument b"],
  ])("usage problems %j → exit 2", async (argv, message) => {
    const run = await runPalisade(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("--batch evaluates every entry in order", async () => {
    const batch = JSON.stringify([
      { selector: "a == 'x'", labels: { a: "x" } },
      { selector: "a in {'y'}", labels: { a: "x" } },
      { selector: "a ==", labels: {} },
      { selector: "all()" },
    ]);
    const run = await runPalisade(["selector", "--batch", "/v/batch.json"], { "/v/batch.json": batch });
    expect(run.code).toBe(0);
    const out = stdoutJson<Record<string, unknown>[]>(run);
    expect(out).toHaveLength(4);
    expect(out[0]).toEqual({ valid: true, matches: true, canonical: 'a == "x"' });
    expect(out[1]).toMatchObject({ valid: true, matches: false });
    expect(out[2]).toMatchObject({ valid: false, offset: 4 });
    expect(out[3]).toEqual({ valid: true, matches: true, canonical: "all()" });
  });

  it("--batch: a malformed entry is invalid input (exit 1, the entry named); a missing file exit 2", async () => {
    const bad = await runPalisade(["selector", "--batch", "/v/b.json"], { "/v/b.json": JSON.stringify([{ labels: {} }]) });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("[0].selector");
    const missing = await runPalisade(["selector", "--batch", "/v/none.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("/v/none.json");
  });
});
