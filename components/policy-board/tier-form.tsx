"use client";
import { useState } from "react";
import type { Tier } from "@/lib/calico/types";
import { validateResource } from "@/lib/calico";
import type { FieldError } from "@/lib/errors";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useSaveResource } from "@/lib/hooks/use-policies";
import { ProblemNotice } from "@/components/ui/problem-notice";

/**
 * Create or edit a tier: name (create only), order, default action. Validated as Calico does
 * before sending; server errors land next to their field; a 409 keeps the user's values.
 */
export function TierForm(props: { readonly cluster: string; readonly tier?: Tier; readonly onDone: (t: Tier) => void; readonly onCancel?: () => void }) {
  const [name, setName] = useState(props.tier?.metadata.name ?? "");
  const [order, setOrder] = useState(props.tier?.spec.order === undefined ? "" : String(props.tier.spec.order));
  const [action, setAction] = useState<"Deny" | "Pass">(props.tier?.spec.defaultAction ?? "Deny");
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const save = useSaveResource(props.cluster);
  const editing = props.tier !== undefined;
  const serverErrors = isApiProblem(save.error) ? (save.error.problem.errors ?? []) : [];
  const all = [...errors, ...serverErrors];
  const errorFor = (path: string) => all.filter((e) => e.path === path || e.path.endsWith(`.${path}`)).map((e) => e.message).join("; ");
  const submit = () => {
    const orderNum = order.trim() === "" ? undefined : Number(order);
    const { order: _old, ...restSpec } = props.tier?.spec ?? {};
    const tier: Tier = {
      kind: "Tier",
      metadata: { ...props.tier?.metadata, name: name.trim() },
      spec: { ...restSpec, ...(orderNum !== undefined ? { order: orderNum } : {}), defaultAction: action },
    };
    const v = validateResource(tier);
    const local: FieldError[] = [...(order.trim() !== "" && !Number.isFinite(orderNum) ? [{ path: "spec.order", message: "must be a number" }] : []), ...v.errors];
    setErrors(local);
    if (local.length > 0) return;
    save.mutate(tier, { onSuccess: () => props.onDone(tier) });
  };
  return (
    <form
      className="stack"
      aria-label={editing ? `Edit tier ${name}` : "New tier"}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label className="field">
        <span className="field-label">Tier name</span>
        <input className="input" value={name} disabled={editing} onChange={(e) => setName(e.target.value)} required />
        {errorFor("metadata.name") !== "" ? <span className="field-error">{errorFor("metadata.name")}</span> : null}
      </label>
      <label className="field">
        <span className="field-label">Tier order</span>
        <input className="input" inputMode="decimal" value={order} onChange={(e) => setOrder(e.target.value)} placeholder="e.g. 300 (lower is evaluated first)" />
        {errorFor("spec.order") !== "" ? <span className="field-error">{errorFor("spec.order")}</span> : null}
      </label>
      <label className="field">
        <span className="field-label">Default action</span>
        <select className="select" value={action} onChange={(e) => setAction(e.target.value === "Pass" ? "Pass" : "Deny")}>
          <option value="Deny">Deny (end of tier denies)</option>
          <option value="Pass">Pass (end of tier passes to the next tier)</option>
        </select>
      </label>
      {save.error !== null && serverErrors.length === 0 ? <ProblemNotice error={save.error} /> : null}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {editing ? "Save tier" : "Create tier"}
        </button>
        {props.onCancel !== undefined ? (
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
