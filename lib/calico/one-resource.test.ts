import { describe, expect, it } from "vitest";
import { parseOneResource } from "@/lib/calico";

const POOL = "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.0.1.0/24\n";
const SET = "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkSet\nmetadata:\n  name: s\nspec:\n  nets: [10.0.0.0/8]\n";

describe("parseOneResource", () => {
  it("returns the one resource of an allowed kind", () => {
    const r = parseOneResource(POOL, ["IPPool"]);
    expect(r.ok && r.value.kind === "IPPool" && r.value.spec.cidr).toBe("10.0.1.0/24");
    expect(parseOneResource(SET, ["NetworkSet", "GlobalNetworkSet"]).ok).toBe(true);
  });
  it("names the kinds when there are no documents, several, or another kind", () => {
    expect(parseOneResource("", ["IPPool"])).toEqual({ ok: false, error: [{ path: "", message: "write exactly one IPPool" }] });
    expect(parseOneResource(`${POOL}---\n${POOL}`, ["IPPool"])).toEqual({ ok: false, error: [{ path: "", message: "write exactly one IPPool" }] });
    expect(parseOneResource(SET, ["IPPool", "GlobalAlert"])).toEqual({ ok: false, error: [{ path: "kind", message: "must be IPPool or GlobalAlert" }] });
  });
  it("passes the document's validation errors through", () => {
    const r = parseOneResource(POOL.replace("10.0.1.0/24", "nope"), ["IPPool"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.some((e) => e.path.includes("cidr"))).toBe(true);
  });
});
