/**
 * `palisade simulate` end to end at scale: 1,000,000 probes (a ~110 MB probes file) through
 * the real binary (bin/palisade.mjs: start-up, tsx, reading the files, checking every probe,
 * judging, writing), once with `--format ndjson` and once with `--format json`, output to a
 * file. Target (the issue): ≥ 150,000 probes/s, in bounded memory — the binary runs with its
 * JavaScript heap capped at 128 MB (a run that held every probe or result would die), and the
 * peak resident set, sampled from /proc, is reported next to the probes file's size.
 *
 * The model: 20 namespaces × 10 workloads (200 endpoints), a default-deny per namespace plus
 * an allow policy per workload and a global tier of 10 policies; probes cycle through
 * workload pairs, ports and protocols.
 *
 * Run directly: `node --import tsx bench/cli-simulate.bench.ts [probes]`.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const TARGET_PER_SECOND = 150_000;
const NAMESPACES = 20;
const WORKLOADS = 10;

function clusterYaml(): string {
  const lines = ["endpoints:"];
  for (let n = 0; n < NAMESPACES; n++) {
    for (let w = 0; w < WORKLOADS; w++) lines.push(`  - {namespace: ns-${n}, name: app-${w}, labels: {app: app-${w}, tier: t${w % 3}}, ports: [{name: http, port: 8080}]}`);
  }
  return `${lines.join("\n")}\n`;
}

function policiesYaml(): string {
  const docs: string[] = [`apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100}`];
  for (let i = 0; i < 10; i++) {
    docs.push(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.g-${i}}
spec:
  tier: security
  order: ${i}
  selector: tier == "t${i % 3}"
  types: [Ingress]
  ingress:
  - action: Deny
    protocol: UDP
    destination: {ports: [${5000 + i}]}
  - action: Pass`);
  }
  for (let n = 0; n < NAMESPACES; n++) {
    docs.push(`apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ns-${n}}\nspec:\n  order: 1000\n  selector: all()\n  types: [Ingress]`);
    for (let w = 0; w < WORKLOADS; w++) {
      docs.push(`apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: allow-app-${w}, namespace: ns-${n}}
spec:
  order: 100
  selector: app == "app-${w}"
  types: [Ingress]
  ingress:
  - action: Allow
    protocol: TCP
    source: {selector: app == "app-${(w + 1) % WORKLOADS}"}
    destination: {ports: [8080]}`);
    }
  }
  return `${docs.join("\n---\n")}\n`;
}

function writeProbes(file: string, total: number): void {
  const fd = openSync(file, "w");
  try {
    let chunk = "[\n";
    for (let i = 0; i < total; i++) {
      const sn = i % NAMESPACES;
      const dn = (i >> 3) % NAMESPACES;
      const probe = { from: `ns-${sn}/app-${i % WORKLOADS}`, to: `ns-${dn}/app-${(i >> 5) % WORKLOADS}`, protocol: i % 11 === 0 ? "UDP" : "TCP", port: i % 7 === 0 ? 5000 + (i % 10) : 8080 };
      chunk += `${i === 0 ? "" : ",\n"}${JSON.stringify(probe)}`;
      if (chunk.length > 1 << 20) {
        writeFileSync(fd, chunk);
        chunk = "";
      }
    }
    writeFileSync(fd, `${chunk}\n]\n`);
  } finally {
    closeSync(fd);
  }
}

/** Peak RSS (MB) of a running process, from /proc (sampled). */
function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? 0 : Number(m[1]) / 1024;
  } catch {
    return 0;
  }
}

export interface CliRun {
  readonly format: "ndjson" | "json";
  readonly probes: number;
  readonly seconds: number;
  readonly probesPerSecond: number;
  readonly peakRssMb: number;
  readonly outputMb: number;
  readonly meetsTarget: boolean;
}

export interface CliSimulateBenchResult {
  readonly targetPerSecond: number;
  readonly probesFileMb: number;
  readonly runs: readonly CliRun[];
}

function runOnce(dir: string, format: CliRun["format"], total: number): Promise<CliRun> {
  const bin = path.join(__dirname, "..", "bin", "palisade.mjs");
  const out = path.join(dir, `out.${format}`);
  const fd = openSync(out, "w");
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // The heap is capped at 128 MB: a run that held its probes or results would fail, not pass.
    const child = spawn(process.execPath, ["--max-old-space-size=128", bin, "simulate", "--cluster", path.join(dir, "cluster.yaml"), "--policies", path.join(dir, "policies.yaml"), "--probes", path.join(dir, "probes.json"), "--format", format], {
      stdio: ["ignore", fd, "pipe"],
    });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, child.pid === undefined ? 0 : rssMb(child.pid))), 50);
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 600_000);
    child.on("exit", (code) => {
      clearInterval(sampler);
      clearTimeout(killer);
      closeSync(fd);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`palisade simulate exited ${code}: ${stderr.slice(0, 2000)}`));
      const size = statSync(out).size;
      rmSync(out, { force: true });
      const rate = Math.round(total / seconds);
      resolve({ format, probes: total, seconds: Math.round(seconds * 100) / 100, probesPerSecond: rate, peakRssMb: Math.round(peak), outputMb: Math.round(size / 1e6), meetsTarget: rate >= TARGET_PER_SECOND });
    });
  });
}

/** Writes the inputs to a temporary folder and runs the binary once per streaming format. */
export async function runCliSimulateBench(total = 1_000_000): Promise<CliSimulateBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-cli-bench-"));
  try {
    writeFileSync(path.join(dir, "cluster.yaml"), clusterYaml());
    writeFileSync(path.join(dir, "policies.yaml"), policiesYaml());
    writeProbes(path.join(dir, "probes.json"), total);
    const probesFileMb = Math.round(statSync(path.join(dir, "probes.json")).size / 1e6);
    const runs = [await runOnce(dir, "ndjson", total), await runOnce(dir, "json", total)];
    return { targetPerSecond: TARGET_PER_SECOND, probesFileMb, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCliSimulateBench(Number(process.argv[2] ?? 1_000_000)).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
