/**
 * Evaluation order, as felix's PolicySorter (felix/calc/policy_sorter.go) computes it:
 *  - tiers by `order` ascending; a tier without order sorts after every ordered tier; equal
 *    orders (or both unordered) by name;
 *  - policies in a tier by `order` ascending; no order = +Inf (last); equal orders by the v1
 *    policy name (`<namespace>/<tier>.<name>` for namespaced policies, `<tier>.<name>` for global
 *    ones, `staged:` in front of the name part for staged ones), compared byte-wise.
 */

/** Byte-wise (UTF-16 code unit) string comparison, like Go's `<` for ASCII names. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Returns the tiers sorted in evaluation order. Never mutates its input. */
export function sortTiers<T extends { readonly name: string; readonly order: number | undefined }>(tiers: readonly T[]): T[] {
  return [...tiers].sort((a, b) => {
    if (a.order === undefined && b.order !== undefined) return 1;
    if (a.order !== undefined && b.order === undefined) return -1;
    if (a.order === b.order) return compareNames(a.name, b.name);
    return (a.order ?? 0) - (b.order ?? 0);
  });
}

/**
 * Returns policies sorted in evaluation order within their tier. `orderValue` is the order
 * (+Infinity when absent); `sortName` the v1 name tie-break. Never mutates its input.
 */
export function sortPolicies<P extends { readonly orderValue: number; readonly sortName: string }>(policies: readonly P[]): P[] {
  return [...policies].sort((a, b) => {
    if (a.orderValue === b.orderValue) return compareNames(a.sortName, b.sortName);
    return a.orderValue < b.orderValue ? -1 : 1;
  });
}
