/**
 * simulate's streaming output and input: `--format ndjson` (one compact verdict per line, probe
 * order), `--format json` written element by element yet byte-identical to the whole-array
 * document, probes read in small pieces through CliIo.readFileStream, stdout backpressure, and
 * the error cap of the checking pass.
 */
import { describe, expect, it } from "vitest";
import type { CliIo } from "@/cli/io";
import { runCli } from "@/cli/main";

const CLUSTER = `
endpoints:
  - {namespace: web, name: front, labels: {app: front}, ip: 10.0.0.1}
  - {namespace: web, name: back, labels: {app: back}, ip: 10.0.0.2}
`;
const POLICY = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: back-ingress, namespace: web}
spec:
  selector: app == "back"
  types: [Ingress]
  ingress:
  - action: Allow
    protocol: TCP
    source: {selector: app == "front"}
    destination: {ports: [5432]}
`;

/** Probes of every reference and protocol form (names, addresses, domains, numbers, ICMP). */
function probes(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => {
    if (i % 7 === 3) return { from: "web/front", to: { domain: "Api.Example.com.", ip: "198.51.100.4" }, protocol: 6, port: 443 };
    if (i % 7 === 5) return { from: { ip: "10.0.0.2" }, to: "web/front", protocol: "icmp", icmp: { type: 8, code: 0 } };
    if (i % 11 === 4) return { from: "web/back", to: "web/front", protocol: 99 };
    return { from: i % 3 === 0 ? "web/back" : "web/front", to: i % 5 === 0 ? { ip: "203.0.113.9" } : "web/back", protocol: "TCP", port: i % 2 === 0 ? 5432 : 80 };
  });
}

/** Runs simulate with the probes file streamed in `piece`-character pieces; counts drain waits. */
async function run(probesText: string, format: string, piece = 13, extra: readonly string[] = []): Promise<{ code: number; stdout: string; stderr: string; writes: number; drains: number }> {
  const files: Record<string, string> = { "/v/c.yaml": CLUSTER, "/v/p.yaml": POLICY, "/v/r.json": probesText };
  let stdout = "";
  let stderr = "";
  let writes = 0;
  let drains = 0;
  const io: CliIo = {
    readFile: async (p) => files[p] ?? Promise.reject(Object.assign(new Error("missing"), { code: "ENOENT" })),
    readFileStream: (p) =>
      (async function* () {
        const text = files[p];
        if (text === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
        for (let i = 0; i < text.length; i += piece) yield text.slice(i, i + piece);
      })(),
    stdout: (t) => {
      stdout += t;
      writes++;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutDrained: async () => {
      drains++;
    },
  };
  const code = await runCli(["simulate", "--cluster", "/v/c.yaml", "--policies", "/v/p.yaml", "--probes", "/v/r.json", "--format", format, ...extra], io);
  return { code, stdout, stderr, writes, drains };
}

describe("simulate streaming", () => {
  it("json: streamed element by element, byte-identical to the whole-array document", async () => {
    const r = await run(JSON.stringify(probes(40), null, 2), "json");
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as unknown[];
    expect(parsed).toHaveLength(40);
    expect(r.stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
    expect(await run("[]", "json")).toMatchObject({ code: 0, stdout: "[]\n" });
  });

  it("ndjson: one compact verdict per line, in probe order, equal to the json objects", async () => {
    const input = JSON.stringify(probes(40));
    const [nd, js] = await Promise.all([run(input, "ndjson", 7), run(input, "json", 1000)]);
    expect(nd.code).toBe(0);
    const lines = nd.stdout.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(40);
    expect(lines.every((l) => l === JSON.stringify(JSON.parse(l)))).toBe(true);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(JSON.parse(js.stdout));
    const first = JSON.parse(lines[0] ?? "{}") as { from: unknown; to: unknown; port: number };
    expect(first).toMatchObject({ from: "web/back", to: { ip: "203.0.113.9" }, port: 5432 });
    expect((await run("[]", "ndjson")).stdout).toBe("");
  });

  it("the fast writer prints what the result objects print (--trace goes through the objects)", async () => {
    const input = JSON.stringify(probes(60));
    const [fast, traced] = await Promise.all([run(input, "json"), run(input, "json", 13, ["--trace"])]);
    const strip = (d: Record<string, unknown> | null) => (d === null ? null : Object.fromEntries(Object.entries(d).filter(([k]) => k !== "trace" && k !== "profile")));
    type Out = { egress: Record<string, unknown> | null; ingress: Record<string, unknown> | null; staged: { egress: Record<string, unknown> | null; ingress: Record<string, unknown> | null } };
    const expected = (JSON.parse(traced.stdout) as Out[]).map((r) => ({ ...r, egress: strip(r.egress), ingress: strip(r.ingress), staged: { ...r.staged, egress: strip(r.staged.egress), ingress: strip(r.staged.ingress) } }));
    expect(fast.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it("writes large outputs in pieces and waits for stdout between them", async () => {
    const r = await run(JSON.stringify(probes(3000)), "ndjson", 4096);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toHaveLength(3001);
    expect(r.writes).toBeGreaterThan(5);
    expect(r.drains).toBeGreaterThanOrEqual(r.writes);
  });

  it("checks every probe before the first verdict: an error late in the file prints nothing on stdout", async () => {
    const list = probes(500);
    list[480] = { from: "web/front", to: "web/nobody", protocol: "TCP", port: 1 };
    const r = await run(JSON.stringify(list), "ndjson");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect((JSON.parse(r.stderr) as { error: string }).error).toContain('probes[480].to: unknown endpoint "web/nobody"');
  });

  it("lists at most 1,000 probe errors and counts them all in the summary", async () => {
    const bad = Array.from({ length: 1500 }, () => ({ from: "web/front", to: "web/back", protocol: "TCP" }));
    const r = await run(JSON.stringify(bad), "json", 50_000);
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stderr) as { error: string; errors: unknown[] };
    expect(err.errors).toHaveLength(1000);
    expect(err.error).toContain("and 1497 more");
  });

  it("a broken array is one error on probes, nothing judged", async () => {
    const r = await run('[{"from": "web/front", "to": "web/back", "protocol": "TCP", "port": 1},', "ndjson");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("probes: not valid JSON");
  });

  it("an unreadable probes file is a usage error (exit 2)", async () => {
    const files = { "/v/c.yaml": CLUSTER, "/v/p.yaml": POLICY };
    let stderr = "";
    const io: CliIo = {
      readFile: async (p) => (p in files ? files[p as keyof typeof files] : Promise.reject(Object.assign(new Error("x"), { code: "ENOENT" }))),
      readFileStream: () =>
        (async function* () {
          yield* [];
          throw Object.assign(new Error("x"), { code: "ENOENT" });
        })(),
      stdout: () => undefined,
      stderr: (t) => {
        stderr += t;
      },
    };
    const code = await runCli(["simulate", "--cluster", "/v/c.yaml", "--policies", "/v/p.yaml", "--probes", "/v/none.json"], io);
    expect(code).toBe(2);
    expect(stderr).toContain("/v/none.json");
  });
});
