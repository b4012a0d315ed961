/**
 * Goldmane's TLS material comes as PEM or as files under PALISADE_KUBECONFIG_DIR only (symbolic
 * links resolved first), never echoing a file; its address goes through the cluster address
 * policy before gRPC dials, and gRPC dials the checked IP.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { connectGoldmane } from "@/lib/server/goldmane/client";
import type { GoldmaneConfig } from "@/lib/server/goldmane/config";
import { goldmaneConfigOf, isPemOf, loadGoldmaneMaterial } from "@/lib/server/goldmane/config";
import type { MtlsFiles } from "@/lib/server/goldmane/testing/goldmane-test-server";
import { makeMtlsFiles, startGoldmaneTestServer } from "@/lib/server/goldmane/testing/goldmane-test-server";
import { ClusterAddressRefusedError } from "@/lib/server/outbound/dial";

let root = "";
let dir = "";
let files: MtlsFiles;
const CERT = "-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEkey\n-----END EC PRIVATE KEY-----\n";

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "goldmane-cfg-"));
  dir = path.join(root, "kube");
  mkdirSync(dir);
  writeFileSync(path.join(dir, "ca.crt"), CERT);
  writeFileSync(path.join(dir, "tls.key"), KEY);
  writeFileSync(path.join(dir, "env"), "DATABASE_URL=postgres://user:hunter2@db/palisade\n");
  // Outside the folder, and a link inside it that points there.
  writeFileSync(path.join(root, "outside.crt"), CERT);
  symlinkSync(path.join(root, "outside.crt"), path.join(dir, "escape.crt"));
  symlinkSync("/proc/self/environ", path.join(dir, "environ"));
  files = makeMtlsFiles();
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  files.cleanup();
});

const policy = () => ({ dir, allowExec: false });
const config = (g: Record<string, string>): GoldmaneConfig => {
  const c = goldmaneConfigOf({ goldmane: { address: "goldmane.calico-system.svc:7443", ...g } });
  if (c === undefined) throw new Error("no config");
  return c;
};

function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

describe("Goldmane settings", () => {
  it("take each piece as PEM or as a path, exactly one", () => {
    expect(config({ caPem: CERT, certPem: CERT, keyPem: KEY }).keyPem).toBe(KEY);
    const both = refusal(() => config({ caPem: CERT, caPath: "/x", certPem: CERT, keyPem: KEY }));
    expect(both.errors).toEqual([{ path: "goldmane.caPath", message: "give caPem or caPath, not both" }]);
    const none = refusal(() => config({ certPem: CERT, keyPem: KEY }));
    expect(none.errors[0]?.path).toBe("goldmane.caPem");
    const notPem = refusal(() => config({ caPem: "hello", certPem: CERT, keyPem: CERT }));
    expect(notPem.errors.map((e) => e.path)).toEqual(["goldmane.caPem", "goldmane.keyPem"]);
  });

  it("recognise PEM by its labels", () => {
    expect(isPemOf(KEY, "PRIVATE KEY")).toBe(true);
    expect(isPemOf(CERT, "PRIVATE KEY")).toBe(false);
    expect(isPemOf("-----BEGIN CERTIFICATE-----\nno end", "CERTIFICATE")).toBe(false);
    // Many BEGIN lines and no END: answered in linear time.
    const t0 = performance.now();
    expect(isPemOf("-----BEGIN CERTIFICATE-----".repeat(9000), "CERTIFICATE")).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe("loadGoldmaneMaterial", () => {
  it("reads PEM content and files inside PALISADE_KUBECONFIG_DIR", () => {
    const m = loadGoldmaneMaterial(config({ caPath: path.join(dir, "ca.crt"), certPem: CERT, keyPath: path.join(dir, "tls.key") }), policy());
    expect(m.ca.toString()).toBe(CERT);
    expect(m.cert.toString()).toBe(CERT);
    expect(m.key.toString()).toBe(KEY);
  });

  it("refuses paths outside the folder, symbolic links out of it, and relative paths", () => {
    const e = refusal(() =>
      loadGoldmaneMaterial(config({ caPath: path.join(root, "outside.crt"), certPath: path.join(dir, "escape.crt"), keyPath: "tls.key" }), policy()),
    );
    expect(e.errors.map((x) => x.path)).toEqual(["goldmane.caPath", "goldmane.certPath", "goldmane.keyPath"]);
    expect(e.errors[0]?.message).toMatch(/must be a file under/);
    expect(e.errors[1]?.message).toMatch(/symbolic links are followed/);
    expect(e.errors[2]?.message).toMatch(/absolute path/);
  });

  it("refuses every path when no folder is configured", () => {
    const e = refusal(() => loadGoldmaneMaterial(config({ caPath: path.join(dir, "ca.crt"), certPem: CERT, keyPem: KEY }), { allowExec: false }));
    expect(e.errors[0]).toMatchObject({ path: "goldmane.caPath", message: expect.stringContaining("PALISADE_KUBECONFIG_DIR") });
  });

  it("never echoes what a file holds", () => {
    const e = refusal(() => loadGoldmaneMaterial(config({ caPath: path.join(dir, "env"), certPath: path.join(dir, "environ"), keyPath: "/etc/passwd" }), policy()));
    const text = JSON.stringify({ message: e.message, errors: e.errors });
    expect(e.errors.map((x) => x.path)).toEqual(["goldmane.caPath", "goldmane.certPath", "goldmane.keyPath"]);
    expect(e.errors[0]?.message).toBe("is not a PEM file holding a CERTIFICATE");
    for (const secret of ["hunter2", "DATABASE_URL", "PATH=", "root:"]) expect(text).not.toContain(secret);
  });
});

describe("connectGoldmane address policy", () => {
  const pem = () => ({ caPem: readFileSync(files.caPath, "utf8"), certPem: readFileSync(files.clientCertPath, "utf8"), keyPem: readFileSync(files.clientKeyPath, "utf8") });

  it.each(["169.254.169.254:7443", "[fe80::1]:7443", "metadata.google.internal:7443"])("refuses %s before dialling", async (address) => {
    const calls: string[] = [];
    const resolver = (host: string) => {
      calls.push(host);
      return Promise.resolve([{ address: "10.0.0.1", family: 4 }]);
    };
    await expect(connectGoldmane({ address, ...pem() }, { resolver })).rejects.toBeInstanceOf(ClusterAddressRefusedError);
    expect(calls).toEqual([]);
  });

  it("refuses a name that resolves to a link-local address", async () => {
    const resolver = () => Promise.resolve([{ address: "169.254.169.254", family: 4 }]);
    await expect(connectGoldmane({ address: "goldmane.calico-system.svc:7443", ...pem() }, { resolver })).rejects.toMatchObject({ reason: "link-local" });
  });

  it("dials the checked address and verifies the certificate against the name", async () => {
    const server = await startGoldmaneTestServer(files, []);
    try {
      // The name exists only in this resolver; the server certificate names goldmane.calico-system.svc.
      const resolver = (host: string) => Promise.resolve(host === "goldmane.calico-system.svc" ? [{ address: "127.0.0.1", family: 4 }] : []);
      const client = await connectGoldmane({ address: `goldmane.calico-system.svc:${server.port}`, ...pem() }, { resolver });
      try {
        await client.list({ start_time_gte: 0, start_time_lt: 0, page: 0, page_size: 10, aggregation_interval: 15 });
      } finally {
        client.close();
      }
      expect(server.listRequests).toHaveLength(1);
    } finally {
      await server.kill();
    }
  });

  it("answers one generic message for a refused and a silent port", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closedPort = (probe.address() as AddressInfo).port; // TCP listener: AddressInfo
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const silentPort = (silent.address() as AddressInfo).port; // TCP listener: AddressInfo
    try {
      const messages: string[] = [];
      for (const port of [closedPort, silentPort]) {
        const client = await connectGoldmane({ address: `127.0.0.1:${port}`, ...pem() }, { listDeadlineMs: 2000 });
        try {
          // A closed port fails the call as UNAVAILABLE; a silent one (no TLS handshake) by its deadline.
          const outcome = await client.list({ start_time_gte: 0, start_time_lt: 0, page: 0, page_size: 10, aggregation_interval: 15 }).then(
            () => "no error",
            (e: unknown) => (e instanceof Error ? e.message : String(e)),
          );
          messages.push(outcome.replace(`:${port}`, ":PORT"));
        } finally {
          client.close();
        }
      }
      expect(messages[0]).toMatch(/^cannot connect to Goldmane at 127\.0\.0\.1:PORT \(the connection was refused, timed out or failed the TLS handshake/);
      expect(messages[1]).toBe(messages[0]);
    } finally {
      silent.close();
    }
  }, 20_000);
});
