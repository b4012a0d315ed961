/**
 * Test helpers for the CLI: run `palisade` in-process through the real entry function with a fake
 * CliIo (virtual files first, then the real file system), and build simulate inputs.
 * Used only by cli tests.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { runCli } from "@/cli/main";
import type { CliIo } from "@/cli/io";

/** What one run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Absolute path of a file under cli/fixtures/. */
export function fixture(name: string): string {
  return path.join(__dirname, "fixtures", name);
}

/**
 * Runs palisade with `argv`. `files` are virtual files by path (they win over the disk); other
 * paths are read from disk, so fixtures work as they are.
 */
export async function runPalisade(argv: readonly string[], files: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    readFile: async (p) => (Object.hasOwn(files, p) ? (files[p] ?? "") : readFile(p, "utf8")),
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Parses a run's stdout as JSON, failing with the run's stderr when it is not. */
export function stdoutJson<T = unknown>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T; // test helper: the caller states the shape it expects
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}).\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}

/** A probe as written in a PROBES file. */
export interface ProbeSpec {
  readonly from: unknown;
  readonly to: unknown;
  readonly protocol: string | number;
  readonly port?: number;
  readonly sourcePort?: number;
  readonly icmp?: { readonly type: number; readonly code?: number };
}

/** A direction of a probe result as printed. */
export interface DirectionOut {
  readonly action: "Allow" | "Deny";
  readonly tier: string | null;
  readonly policy: string | null;
  readonly rule: number | null;
  readonly reason: string;
}

/** A probe result as printed. */
export interface ProbeOut {
  readonly from: unknown;
  readonly to: unknown;
  readonly port: number | null;
  readonly protocol: string | number;
  readonly allowed: boolean;
  readonly egress: DirectionOut | null;
  readonly ingress: DirectionOut | null;
  readonly staged: { readonly allowed: boolean; readonly egress: DirectionOut | null; readonly ingress: DirectionOut | null };
}

/**
 * Runs `palisade simulate` on a cluster file, policy YAML text(s) and probes; fails the test with
 * the CLI's stderr unless it exits 0.
 */
export async function simulate(cluster: string, policies: string | readonly string[], probes: readonly ProbeSpec[]): Promise<ProbeOut[]> {
  const texts = typeof policies === "string" ? [policies] : policies;
  const files: Record<string, string> = { "/virtual/probes.json": JSON.stringify(probes) };
  const policyArgs = texts.flatMap((text, i) => {
    files[`/virtual/policies-${i}.yaml`] = text;
    return ["--policies", `/virtual/policies-${i}.yaml`];
  });
  const run = await runPalisade(["simulate", "--cluster", cluster, ...policyArgs, "--probes", "/virtual/probes.json"], files);
  if (run.code !== 0) throw new Error(`simulate exited ${run.code}: ${run.stderr}`);
  return stdoutJson<ProbeOut[]>(run);
}

/** A direction with the trace (simulate --trace). */
export interface TracedDirectionOut extends DirectionOut {
  readonly profile: string | null;
  readonly trace: readonly Readonly<Record<string, unknown>>[];
}

/** A probe result printed with --trace. */
export interface TracedProbeOut extends Omit<ProbeOut, "egress" | "ingress" | "staged"> {
  readonly egress: TracedDirectionOut | null;
  readonly ingress: TracedDirectionOut | null;
  readonly staged: { readonly allowed: boolean; readonly egress: TracedDirectionOut | null; readonly ingress: TracedDirectionOut | null };
}

/**
 * Runs `palisade simulate --trace` on a cluster file and policy files (paths, in order) with the
 * given probes; fails the test with the CLI's stderr unless it exits 0.
 */
export async function simulateFiles(cluster: string, policyFiles: readonly string[], probes: readonly ProbeSpec[]): Promise<TracedProbeOut[]> {
  const files = { "/virtual/probes.json": JSON.stringify(probes), "/virtual/empty.yaml": "" };
  const paths = policyFiles.length === 0 ? ["/virtual/empty.yaml"] : policyFiles;
  const run = await runPalisade(
    ["simulate", "--trace", "--cluster", cluster, ...paths.flatMap((p) => ["--policies", p]), "--probes", "/virtual/probes.json"],
    files,
  );
  if (run.code !== 0) throw new Error(`simulate exited ${run.code}: ${run.stderr}`);
  return stdoutJson<TracedProbeOut[]>(run);
}
