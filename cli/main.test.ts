import { describe, expect, it } from "vitest";
import { runPalisade } from "@/cli/test-harness";

describe("palisade entry point", () => {
  it("--help prints the commands and the exit codes, exit 0", async () => {
    const run = await runPalisade(["--help"]);
    expect(run.code).toBe(0);
    for (const word of ["validate", "selector", "simulate", "Exit codes"]) expect(run.stdout).toContain(word);
  });

  it("no arguments prints the help on stderr, exit 2", async () => {
    const run = await runPalisade([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage:");
  });

  it.each(["validate", "selector", "simulate"])("%s --help prints the same help as palisade help <command>", async (cmd) => {
    const a = await runPalisade([cmd, "--help"]);
    const b = await runPalisade(["help", cmd]);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain(`palisade ${cmd}`);
    expect(b.stdout).toBe(a.stdout);
  });

  it("version prints the version", async () => {
    const run = await runPalisade(["--version"]);
    expect(run).toMatchObject({ code: 0, stdout: "palisade 0.1.0\n" });
  });

  it.each([
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["--frobnicate"], "unknown flag --frobnicate"],
    [["simulate", "--cluster", "c", "--policies", "p", "--probes", "r", "--bogus"], "unknown flag --bogus"],
    [["selector", "a == 'b'", "--labels"], "flag --labels needs a value"],
    [["validate"], "at least one -f FILE is required"],
    [["simulate", "--policies", "p", "--probes", "r"], "--cluster FILE is required"],
    [["help", "nope"], 'unknown command "nope"'],
  ])("usage error %j → exit 2 with a message and no stack trace", async (argv, message) => {
    const run = await runPalisade(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");
  });

  it("validate delegates to runValidate with every -f file", async () => {
    const files = {
      "/v/a.yaml": "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 300\n",
      "/v/b.yaml": "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: Not_Valid\n",
    };
    const good = await runPalisade(["validate", "-f", "/v/a.yaml"], files);
    expect(good.code).toBe(0);
    const bad = await runPalisade(["validate", "-f", "/v/a.yaml", "--filename", "/v/b.yaml"], files);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain("Not_Valid");
    const missing = await runPalisade(["validate", "-f", "/v/none.yaml"], files);
    expect(missing.code).toBe(2);
  });
});
