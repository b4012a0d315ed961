import { describe, expect, it } from "vitest";
import { runValidate, type ValidateIo } from "@/cli/commands/validate";

function fakeIo(files: Record<string, string>): ValidateIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    readFile: async (p) => {
      const text = files[p];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
      return text;
    },
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  };
}

const TIER = "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 300\n";
const BAD_NP = "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec:\n  ingress:\n  - protocol: TCP\n";

describe("palisade validate", () => {
  it("prints one entry per document across files and exits 0 when all are valid", async () => {
    const io = fakeIo({ "a.yaml": `${TIER}---\n${TIER.replace("security", "platform")}`, "b.yaml": TIER });
    expect(await runValidate({ files: ["a.yaml", "b.yaml"] }, io)).toBe(0);
    const report = JSON.parse(io.out.join("")) as unknown[];
    expect(report).toEqual([
      { kind: "Tier", name: "security", namespace: null, valid: true, errors: [] },
      { kind: "Tier", name: "platform", namespace: null, valid: true, errors: [] },
      { kind: "Tier", name: "security", namespace: null, valid: true, errors: [] },
    ]);
  });

  it("exits 1 and lists errors when a document is invalid", async () => {
    const io = fakeIo({ "np.yaml": BAD_NP });
    expect(await runValidate({ files: ["np.yaml"] }, io)).toBe(1);
    expect(JSON.parse(io.out.join(""))).toEqual([
      { kind: "NetworkPolicy", name: "np", namespace: null, valid: false, errors: [{ path: "spec.ingress[0].action", message: "action is required" }] },
    ]);
  });

  it("exits 2 with a message on stderr when a file cannot be read", async () => {
    const io = fakeIo({ "a.yaml": TIER });
    expect(await runValidate({ files: ["a.yaml", "missing.yaml"] }, io)).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err.join("")).toContain("missing.yaml");
  });
});
