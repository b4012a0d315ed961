/**
 * The scope fields of the Users page and Settings: a comma- or space-separated list of names;
 * empty (or `*`) means every tier / namespace. Pure, for the form components.
 */

/** `"security, platform"` → `["platform", "security"]`; `""` / `"*"` → null (every one). */
export function parseScopeInput(text: string): string[] | null {
  const names = text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0 || names.includes("*")) return null;
  return [...new Set(names)].sort();
}

/** The inverse, for editing: null → `""`. */
export function formatScopeInput(scope: readonly string[] | null): string {
  return scope === null ? "" : scope.join(", ");
}

/** How a scope reads in a table: `all` or the names (`none` for an empty list). */
export function describeScopeShort(scope: readonly string[] | null): string {
  if (scope === null) return "all";
  return scope.length === 0 ? "none" : scope.join(", ");
}
