import { describe, expect, it } from "vitest";
import { ApiProblem } from "@/lib/hooks/fetcher";
import { errorsAt, problemFieldErrors } from "@/components/policies/editor-errors";

describe("editor errors", () => {
  it("collects 422 errors and rejected-apply document errors", () => {
    const e = new ApiProblem(422, { type: "t", title: "x", status: 422, code: "validation", errors: [{ path: "spec.order", message: "bad" }], documents: [{ index: 0, errors: [{ path: "spec.selector", message: "syntax" }] }] });
    expect(problemFieldErrors(e)).toEqual([
      { path: "spec.order", message: "bad" },
      { path: "spec.selector", message: "syntax" },
    ]);
    expect(problemFieldErrors(new Error("x"))).toEqual([]);
  });
  it("matches a field and everything below it, not siblings with a common prefix", () => {
    const errors = [
      { path: "spec.ingress[0].action", message: "invalid" },
      { path: "spec.ingress[1]", message: "other" },
      { path: "spec.order", message: "must be a number" },
      { path: "spec.orderX", message: "no" },
    ];
    expect(errorsAt(errors, "spec.ingress[0]")).toEqual(["action: invalid"]);
    expect(errorsAt(errors, "spec.order")).toEqual(["must be a number"]);
  });
});
