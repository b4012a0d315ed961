/**
 * Selector checks shared by the validators: syntax through lib/selector, plus Calico's rule
 * that `global()` may only appear alone in an EntityRule namespaceSelector.
 */
import { parseSelector } from "@/lib/selector";
import type { Issues } from "@/lib/calico/field-checks";

/** Reports a syntax error in `text` at `path`; returns true when the selector parsed. */
export function checkSelector(issues: Issues, text: string, path: string): boolean {
  const parsed = parseSelector(text);
  if (parsed.ok) return true;
  const { message, offset } = parsed.error;
  issues.add(path, `invalid selector "${text}": ${message} at offset ${offset}`);
  return false;
}

/** Reports `global()` used where Calico forbids it (anything but an EntityRule namespaceSelector). */
export function checkNoGlobal(issues: Issues, text: string, path: string): void {
  if (text.includes("global()")) issues.add(path, "global() can only be used in an EntityRule namespaceSelector");
}

/** In an EntityRule namespaceSelector, `global()` must stand alone. */
export function checkGlobalAlone(issues: Issues, text: string, path: string): void {
  if (!text.includes("global(")) return;
  if (text.trim().replace(/\s+/g, "") !== "global()") issues.add(path, "global() cannot be combined with other selectors");
}
