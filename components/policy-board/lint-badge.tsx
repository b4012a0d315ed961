"use client";
/**
 * The policy analyser's findings on the board: BoardView provides them by policy key, each card
 * member shows one badge (count, highest severity) whose tooltip and popover list every finding
 * with its rule index and reason.
 */
import { createContext, useContext, useState } from "react";
import type { ReactNode } from "react";
import type { LintFinding } from "@/lib/policy";
import { ruleIndexLabel } from "@/lib/policy";

const LintFindingsContext = createContext<ReadonlyMap<string, readonly LintFinding[]>>(new Map());

/** Groups findings by policy key for the cards below. */
export function LintFindingsProvider({ findings, children }: { readonly findings: readonly LintFinding[] | undefined; readonly children: ReactNode }) {
  const byKey = new Map<string, LintFinding[]>();
  for (const f of findings ?? []) byKey.set(f.policy.key, [...(byKey.get(f.policy.key) ?? []), f]);
  return <LintFindingsContext.Provider value={byKey}>{children}</LintFindingsContext.Provider>;
}

function line(f: LintFinding): string {
  return `${f.code}${f.rule !== undefined ? ` · ${ruleIndexLabel(f.rule.index, f.rule.direction)}` : ""}: ${f.message}`;
}

/** The badge of one policy: nothing when the analyser found nothing. */
export function LintBadge({ policyKey }: { readonly policyKey: string }) {
  const findings = useContext(LintFindingsContext).get(policyKey) ?? [];
  const [open, setOpen] = useState(false);
  if (findings.length === 0) return null;
  const worst = findings.some((f) => f.severity === "error") ? "error" : findings.some((f) => f.severity === "warning") ? "warning" : "info";
  const text = findings.map(line).join("\n");
  return (
    <span className="pb-lint">
      <button
        type="button"
        className={`badge${worst === "info" ? "" : worst === "warning" ? " badge-warn" : " badge-danger"}`}
        data-testid="lint-badge"
        title={text}
        aria-expanded={open}
        aria-label={`${findings.length} analyser finding${findings.length === 1 ? "" : "s"}`}
        onClick={() => setOpen((o) => !o)}
      >
        ⚑ {findings.length}
      </button>
      {open ? (
        <ul className="pb-lint-list small" data-testid="lint-findings">
          {findings.map((f, i) => (
            <li key={i}>{line(f)}</li>
          ))}
        </ul>
      ) : null}
    </span>
  );
}
