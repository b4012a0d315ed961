import { describe, expect, it } from "vitest";
import { ruleIndexLabel } from "@/lib/policy/rule-label";

describe("ruleIndexLabel", () => {
  it("names the 0-based flow-log index, with an optional direction", () => {
    expect(ruleIndexLabel(0)).toBe("rule index 0");
    expect(ruleIndexLabel(3, "Egress")).toBe("egress rule index 3");
    expect(ruleIndexLabel(1, "ingress")).toBe("ingress rule index 1");
  });
});
