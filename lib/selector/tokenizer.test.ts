import { describe, expect, it } from "vitest";
import { MAX_LABEL_KEY_LENGTH, isValidLabelKey } from "@/lib/selector";

describe("isValidLabelKey", () => {
  it("accepts Calico's key characters [a-zA-Z0-9_./-] up to 512 characters", () => {
    for (const key of ["a", "A9", "projectcalico.org/namespace", "k8s-app", "_x", "/", "-", ".", "k".repeat(MAX_LABEL_KEY_LENGTH)]) {
      expect(isValidLabelKey(key), key).toBe(true);
    }
  });

  it("rejects empty, over-long and out-of-alphabet keys", () => {
    for (const key of ["", "k".repeat(MAX_LABEL_KEY_LENGTH + 1), "a b", "a:b", "é", "a=b", "a\tb"]) {
      expect(isValidLabelKey(key), key).toBe(false);
    }
  });
});
