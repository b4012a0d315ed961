/**
 * How a rule is named to the user, one way everywhere (editor, what-if probe, impact preview,
 * flows, "Referenced by", evidence): the 0-based position in the policy's ingress or egress list,
 * labelled "rule index", the number Calico's flow logs carry in the `policies` field
 * (`<i>|<tier>|<name>|<action>|<rule index>`, -1 = end of tier).
 */

/** `rule index 0`, or `egress rule index 0` with a direction. */
export function ruleIndexLabel(index: number, direction?: "ingress" | "egress" | "Ingress" | "Egress"): string {
  return `${direction !== undefined ? `${direction.toLowerCase()} ` : ""}rule index ${index}`;
}

/** Tooltip that explains the number. */
export const RULE_INDEX_HINT = "0-based position of the rule in the policy's ingress or egress list, as in Calico flow logs";
