import type { AddressInfo } from "node:net";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList } from "@/lib/outbound/address-policy";
import type { AllowList } from "@/lib/outbound/address-policy";
import { outboundFetch, OutboundError } from "@/lib/server/outbound/fetch";

function allow(text: string): AllowList {
  const r = parseAllowList(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

let server: http.Server;
let base = "";
const seen: { url: string; auth: string | undefined; method: string; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ url: req.url ?? "", auth: req.headers.authorization, method: req.method ?? "", body });
      if (req.url === "/list") res.end("1.2.3.4\n");
      else if (req.url === "/redirect-local") res.writeHead(302, { location: "/list" }).end();
      else if (req.url === "/redirect-metadata") res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      else if (req.url === "/redirect-loop") res.writeHead(302, { location: "/redirect-loop" }).end();
      else if (req.url === "/big") res.end("x".repeat(2048));
      else if (req.url === "/slow") setTimeout(() => res.end("late"), 2000);
      else if (req.url === "/see-other") res.writeHead(303, { location: "/list" }).end();
      else res.writeHead(404).end("nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(p: Promise<unknown>): Promise<OutboundError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof OutboundError) return e;
    throw e;
  }
  throw new Error("expected an OutboundError");
}

describe("outboundFetch", () => {
  it("refuses loopback unless the allow list names it", async () => {
    const e = await failure(outboundFetch({ url: `${base}/list`, allow: allow("") }));
    expect(e.code).toBe("refused");
    expect(e.message).toContain("PALISADE_OUTBOUND_ALLOW");
    const ok = await outboundFetch({ url: `${base}/list`, allow: allow("127.0.0.1") });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe("1.2.3.4\n");
  });

  it("resolves names and checks what they resolve to", async () => {
    const port = (server.address() as AddressInfo).port;
    const e = await failure(outboundFetch({ url: `http://localhost:${port}/list`, allow: allow("") }));
    expect(e.code).toBe("refused");
    const ok = await outboundFetch({ url: `http://localhost:${port}/list`, allow: allow("127.0.0.1,::1") });
    expect(ok.body).toBe("1.2.3.4\n");
  });

  it("never fetches metadata endpoints, by address or by name", async () => {
    expect((await failure(outboundFetch({ url: "http://169.254.169.254/latest/", allow: allow("169.254.0.0/16") }))).code).toBe("refused");
    expect((await failure(outboundFetch({ url: "http://[fe80::1]/", allow: allow("") }))).code).toBe("refused");
    expect((await failure(outboundFetch({ url: "http://metadata.google.internal/computeMetadata/v1/", allow: allow("") }))).code).toBe("refused");
  });

  it("re-checks every redirect", async () => {
    const ok = await outboundFetch({ url: `${base}/redirect-local`, allow: allow("127.0.0.1") });
    expect(ok.body).toBe("1.2.3.4\n");
    expect(ok.url).toBe(`${base}/list`);
    const e = await failure(outboundFetch({ url: `${base}/redirect-metadata`, allow: allow("127.0.0.1") }));
    expect(e.code).toBe("refused");
    expect(e.message).toContain("169.254.169.254");
    expect((await failure(outboundFetch({ url: `${base}/redirect-loop`, allow: allow("127.0.0.1") }))).code).toBe("too-many-redirects");
  });

  it("turns a POST into a GET on 303", async () => {
    seen.length = 0;
    await outboundFetch({ url: `${base}/see-other`, method: "POST", body: "{}", allow: allow("127.0.0.1") });
    expect(seen.map((s) => s.method)).toEqual(["POST", "GET"]);
  });

  it("limits the size and the time", async () => {
    expect((await failure(outboundFetch({ url: `${base}/big`, maxBytes: 1024, allow: allow("127.0.0.1") }))).code).toBe("too-large");
    expect((await failure(outboundFetch({ url: `${base}/slow`, timeoutMs: 200, allow: allow("127.0.0.1") }))).code).toBe("timeout");
  });

  it("does not say why a connection failed", async () => {
    // A closed port on an allowed host: the message is the same as for any other failure.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const e = await failure(outboundFetch({ url: `http://127.0.0.1:${port}/`, allow: allow("127.0.0.1") }));
    expect(e.code).toBe("connect");
    expect(e.message).toBe(`could not connect to http://127.0.0.1:${port}`);
    expect(e.message).not.toMatch(/ECONNREFUSED|refused/i);
  });

  it("rejects non-http URLs and embedded credentials", async () => {
    expect((await failure(outboundFetch({ url: "file:///etc/passwd", allow: allow("") }))).code).toBe("bad-url");
    expect((await failure(outboundFetch({ url: `http://u:p@127.0.0.1/`, allow: allow("127.0.0.1") }))).code).toBe("bad-url");
    expect((await failure(outboundFetch({ url: "not a url", allow: allow("") }))).code).toBe("bad-url");
  });

  it("returns error statuses to the caller", async () => {
    const res = await outboundFetch({ url: `${base}/missing`, allow: allow("127.0.0.1") });
    expect(res.status).toBe(404);
  });
});
