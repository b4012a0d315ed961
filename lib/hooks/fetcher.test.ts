import { afterEach, describe, expect, it, vi } from "vitest";
import * as z from "zod";
import { NoContentSchema } from "@/lib/contracts/no-content";
import { ApiProblem, apiFetch, isApiProblem } from "@/lib/hooks/fetcher";

function stubFetch(res: Response): void {
  vi.stubGlobal("fetch", vi.fn(async () => res));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("apiFetch", () => {
  it("returns the decoded JSON body on 2xx", async () => {
    stubFetch(Response.json({ items: [1] }));
    await expect(apiFetch("/api/v1/x", { schema: z.object({ items: z.array(z.number()) }) })).resolves.toEqual({ items: [1] });
  });

  it("reads a body that arrives in pieces, a character split across two of them, and a large one", async () => {
    const text = JSON.stringify({ label: "zone ü/東京", items: Array.from({ length: 60_000 }, (_, i) => ({ id: `n${i}`, name: `ü${i}` })) });
    const bytes = new TextEncoder().encode(text);
    // Pieces of 1,001 bytes: some end inside a two- or three-byte UTF-8 character.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 1001) controller.enqueue(bytes.slice(at, at + 1001));
        controller.close();
      },
    });
    stubFetch(new Response(body, { status: 200, headers: { "content-type": "application/json" } }));
    const schema = z.object({ label: z.string(), items: z.array(z.object({ id: z.string(), name: z.string() })) });
    await expect(apiFetch("/api/v1/x", { schema })).resolves.toEqual(JSON.parse(text));
  });

  it("throws the JSON parser's SyntaxError for a 2xx body that is not JSON", async () => {
    stubFetch(new Response('{"items": [1,]}', { status: 200 }));
    await expect(apiFetch("/api/v1/x", { schema: z.unknown() })).rejects.toBeInstanceOf(SyntaxError);
  });

  it("returns undefined for 204", async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(apiFetch("/api/v1/x", { method: "DELETE", schema: NoContentSchema })).resolves.toBeUndefined();
  });

  it("throws ApiProblem with the parsed problem on non-2xx", async () => {
    const problem = { type: "urn:palisade:problem:validation", title: "The resource is invalid", status: 422, code: "validation", errors: [{ path: "spec.order", message: "bad" }] };
    stubFetch(new Response(JSON.stringify(problem), { status: 422, headers: { "content-type": "application/problem+json" } }));
    const error = await apiFetch("/api/v1/x", { schema: z.unknown() }).catch((e: unknown) => e);
    expect(isApiProblem(error)).toBe(true);
    expect((error as ApiProblem).status).toBe(422);
    expect((error as ApiProblem).problem.errors).toEqual([{ path: "spec.order", message: "bad" }]);
  });

  it("synthesises a problem when the body is not one (never rejects with {})", async () => {
    stubFetch(new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    const error = (await apiFetch("/api/v1/x", { schema: z.unknown() }).catch((e: unknown) => e)) as ApiProblem;
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error.problem).toMatchObject({ status: 502, title: "Bad Gateway", code: "unknown" });
  });

  it("reports a network failure as status 0", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("failed to fetch"))));
    const error = (await apiFetch("/api/v1/x", { schema: z.unknown() }).catch((e: unknown) => e)) as ApiProblem;
    expect(error.status).toBe(0);
  });

  it("sends JSON and YAML bodies with their content types", async () => {
    const spy = vi.fn(async () => Response.json({}));
    vi.stubGlobal("fetch", spy);
    await apiFetch("/a", { method: "POST", json: { a: 1 }, schema: z.object({}) });
    await apiFetch("/b", { method: "POST", text: "kind: Tier", schema: z.object({}) });
    const calls = spy.mock.calls as unknown as [string, RequestInit][];
    expect(new Headers(calls[0]?.[1].headers).get("content-type")).toBe("application/json");
    expect(calls[0]?.[1].body).toBe('{"a":1}');
    expect(new Headers(calls[1]?.[1].headers).get("content-type")).toBe("application/yaml");
  });

  it("parses a 2xx body with the response's contract when one is given", async () => {
    const schema = z.object({ items: z.array(z.object({ id: z.string() })) });
    stubFetch(Response.json({ items: [{ id: "a", extra: 1 }] }));
    const got = await apiFetch("/api/v1/x", { schema });
    // The contract's shape: unknown members are dropped, as zod objects do.
    expect(got).toEqual({ items: [{ id: "a" }] });
  });

  it("throws ApiProblem `contract` naming the field when the body does not match", async () => {
    const schema = z.object({ items: z.array(z.object({ id: z.string() })) });
    stubFetch(Response.json({ items: [{ id: 7 }] }));
    const error = await apiFetch("/api/v1/x", { schema }).catch((e: unknown) => e);
    expect(isApiProblem(error)).toBe(true);
    expect((error as ApiProblem).problem.code).toBe("contract");
    expect((error as ApiProblem).status).toBe(200);
    expect((error as ApiProblem).problem.detail).toMatch(/^\/api\/v1\/x: items\.0\.id: /);
  });

  it("parses a 204 as undefined: fine for z.undefined(), a contract problem for an object schema", async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(apiFetch("/api/v1/x", { method: "DELETE", schema: z.undefined() })).resolves.toBeUndefined();
    stubFetch(new Response(null, { status: 204 }));
    const error = await apiFetch("/api/v1/x", { method: "DELETE", schema: z.object({ a: z.string() }) }).catch((e: unknown) => e);
    expect((error as ApiProblem).problem.code).toBe("contract");
  });
});
