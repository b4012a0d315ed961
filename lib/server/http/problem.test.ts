import { describe, expect, it } from "vitest";
import {
  AlreadyExistsError,
  BadRequestError,
  ClusterUnavailableError,
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from "@/lib/errors";
import { ApplyRejectedError } from "@/lib/server/http/apply-error";
import { PROBLEM_TABLE, problemFromError, problemResponse } from "@/lib/server/http/problem";

describe("problem table", () => {
  it.each([
    [new ValidationError("bad", [{ path: "spec.order", message: "must be a number" }]), 422],
    [new BadRequestError("bad"), 400],
    [new NotFoundError("nope"), 404],
    [new ConflictError("stale"), 409],
    [new AlreadyExistsError("dup"), 409],
    [new UnauthenticatedError("who"), 401],
    [new ForbiddenError("no"), 403],
    [new GoneError("old"), 410],
    [new ClusterUnavailableError("down"), 503],
  ])("maps %o to %i", (error, status) => {
    const p = problemFromError(error, "/api/v1/x", "req-1");
    expect(p).toMatchObject({ status, code: error.code, detail: error.message, instance: "/api/v1/x", requestId: "req-1", title: PROBLEM_TABLE[error.code].title });
  });

  it("adds field errors on 422", () => {
    const p = problemFromError(new ValidationError("bad", [{ path: "spec.order", message: "must be a number" }]), "/", "r");
    expect(p?.errors).toEqual([{ path: "spec.order", message: "must be a number" }]);
  });

  it("adds the current object and its resourceVersion on 409", () => {
    const current = { kind: "Tier", metadata: { name: "security", resourceVersion: "42" }, spec: {} };
    expect(problemFromError(new ConflictError("stale", current), "/", "r")).toMatchObject({ currentResourceVersion: "42", current });
  });

  it("prefixes apply errors with the document index and groups them per document", () => {
    const p = problemFromError(new ApplyRejectedError("2 invalid", [{ index: 1, line: 9, kind: "Tier", name: "t", errors: [{ path: "spec.order", message: "x" }, { path: "", message: "y" }] }]), "/", "r");
    expect(p?.errors).toEqual([
      { path: "[1].spec.order", message: "x" },
      { path: "[1]", message: "y" },
    ]);
    expect(p?.documents?.[0]).toMatchObject({ index: 1, line: 9, kind: "Tier" });
  });

  it("leaves unknown errors to the caller (a generic 500)", () => {
    expect(problemFromError(new Error("database exploded: password=hunter2"), "/", "r")).toBeUndefined();
  });

  it("answers application/problem+json, not cached", async () => {
    const res = problemResponse({ type: "urn:x", title: "t", status: 404, code: "notFound" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ code: "notFound" });
  });
});
