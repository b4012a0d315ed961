"use client";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { PolicyForm, PolicyResource, StagedPolicy } from "@/lib/board";
import { copyMetadata, fromPolicyForm, isPolicyResource, toEnforced, toPolicyForm } from "@/lib/board";
import type { CalicoResource } from "@/lib/calico/types";
import { parseResources, toYaml } from "@/lib/calico";
import type { BoardSnapshot } from "@/lib/contracts/board";
import type { FieldError } from "@/lib/errors";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useEnforce } from "@/lib/hooks/use-board";
import { useApplyResources, useDeleteResource, useImpact, useSaveResource, useSelects } from "@/lib/hooks/use-policies";
import { policyKeyOf } from "@/lib/policy";
import { useToast } from "@/components/ui/toast";
import { downloadText } from "@/components/policy-board/download";
import { editorHref } from "@/components/policies/editor-href";
import { errorsAt, problemFieldErrors } from "@/components/policies/editor-errors";
import { useDebounced } from "@/components/policies/use-debounced";
import { useFormYamlTabs } from "@/components/policies/use-form-yaml-tabs";

/** The editor's tabs besides YAML. */
export type EditorTab = "form" | "history";
/** What the impact preview judges: the save, the staging, or enforcing the staged copy. */
export type ImpactOf = "save" | "stage" | "enforce";
/** A save refused with 409: the stored version (when the server sent it) and the user's edit. */
export interface EditorConflict {
  readonly current?: CalicoResource;
  readonly mine: CalicoResource;
}

function asModel(current: unknown): CalicoResource | undefined {
  if (current === undefined || current === null) return undefined;
  const doc = parseResources(JSON.stringify(current)).documents[0];
  return doc?.resource;
}

const nameOf = (r: { readonly metadata: { readonly name: string; readonly namespace?: string } }): string => (r.metadata.namespace !== undefined ? `${r.metadata.namespace}/${r.metadata.name}` : r.metadata.name);

/**
 * State and effects of the policy editor: the form (kept in sync with the YAML tab), the live
 * selection preview, Save / Stage / Enforce / Delete / Export, the impact preview and the 409
 * conflict. The components of policy-editor.tsx only render what this returns.
 */
export function usePolicyEditor(props: { readonly cluster: string; readonly snapshot: BoardSnapshot; readonly initial: PolicyForm; readonly original?: PolicyResource }) {
  const { cluster, snapshot, original } = props;
  const router = useRouter();
  const toast = useToast();
  const [form, setForm] = useState<PolicyForm>(props.initial);
  // `edit` is declared below; the arrow reads it when called, after render.
  const tabs = useFormYamlTabs<EditorTab>("form", form, (f) => edit(f));
  const [shownErrors, setShownErrors] = useState<readonly FieldError[]>([]);
  const [conflict, setConflict] = useState<EditorConflict | undefined>(undefined);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [impactOf, setImpactOf] = useState<ImpactOf | undefined>(undefined);
  const [impactWindow, setImpactWindow] = useState(15);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const save = useSaveResource(cluster);
  const stage = useApplyResources(cluster);
  const enforce = useEnforce(cluster);
  const del = useDeleteResource(cluster);
  const impact = useImpact(cluster);
  const isNew = original === undefined;
  const isStaged = original !== undefined && original.kind.startsWith("Staged");

  const built = useMemo(() => fromPolicyForm(form), [form]);
  // The draft the selection preview judges, now and debounced. While the form does not build (a
  // selector that does not parse), there is no count at all: a stale "Matches N" would mislead.
  const previewNow = useMemo(() => {
    const r = fromPolicyForm({ ...form, name: form.name.trim() === "" ? "draft-preview" : form.name });
    return r.ok ? r.value : undefined;
  }, [form]);
  const preview = useDebounced(previewNow, 300);
  const selects = useSelects(cluster, preview);
  const selectsValid = previewNow !== undefined;

  const tiers = snapshot.resources.filter((r) => r.kind === "Tier").map((r) => r.metadata.name);
  const serverErrors = [...problemFieldErrors(save.error), ...problemFieldErrors(stage.error)];
  const allErrors = [...shownErrors, ...serverErrors];
  const errorsFor = (path: string) => errorsAt(allErrors, path);

  const edit = (f: PolicyForm) => {
    setForm(f);
    setSaved(undefined);
  };

  const stagedResource = (): CalicoResource | undefined => {
    const r = fromPolicyForm({ ...form, staged: true, stagedAction: form.staged ? form.stagedAction : "" });
    if (!r.ok) {
      setShownErrors(r.error);
      return undefined;
    }
    const stagedKey = isPolicyResource(r.value) ? policyKeyOf(r.value) : "";
    const existing = snapshot.resources.find((x) => isPolicyResource(x) && policyKeyOf(x) === stagedKey);
    const rv = existing?.metadata.resourceVersion;
    return { ...r.value, metadata: { ...copyMetadata(r.value.metadata), ...(rv !== undefined ? { resourceVersion: rv } : {}) } } as CalicoResource; // same kind; metadata only
  };

  const onConflict = (e: unknown, mine: CalicoResource) => {
    if (isApiProblem(e) && e.status === 409) {
      const current = asModel(e.problem.current);
      setConflict({ mine, ...(current !== undefined ? { current } : {}) });
    }
  };

  const doSave = () => {
    setConflict(undefined);
    if (!built.ok) {
      setShownErrors(built.error);
      return;
    }
    setShownErrors([]);
    const mine = built.value;
    save.mutate(mine, {
      onSuccess: (stored) => {
        // Later saves from this form are conditioned on the version just written.
        const rv = stored.metadata.resourceVersion;
        setForm((f) => ({ ...f, metadata: { ...f.metadata, ...(rv !== undefined ? { resourceVersion: rv } : {}) } }));
        setSaved("Saved.");
        if (isNew && isPolicyResource(mine)) {
          toast({ message: `Created ${nameOf(mine)}.`, link: { href: "/board", label: "See it on the policy board" } });
          router.push(editorHref(mine.kind, mine.metadata.namespace, mine.metadata.name));
        }
      },
      onError: (e) => onConflict(e, mine),
    });
  };
  const doStage = () => {
    setConflict(undefined);
    const r = stagedResource();
    if (r === undefined) return;
    setShownErrors([]);
    stage.mutate([r], {
      onSuccess: () => {
        setSaved("Staged: the staged copy changes no traffic until it is enforced.");
        toast({ message: `Staged ${nameOf(r)}: no traffic changes until it is enforced.`, link: { href: "/flows", label: "Would-be denials in Flows" } });
        router.push(editorHref(r.kind, r.metadata.namespace, r.metadata.name));
      },
      onError: (e) => onConflict(e, r),
    });
  };
  const doEnforce = () => {
    if (original === undefined) return;
    enforce.mutate(
      { key: policyKeyOf(original), resourceVersion: original.metadata.resourceVersion ?? "" },
      {
        onSuccess: () => {
          toast({ message: `Enforced ${nameOf(original)}: it now changes traffic.`, link: { href: "/flows", label: "Watch Flows" } });
          router.push(editorHref(original.kind.replace(/^Staged/, ""), original.metadata.namespace, original.metadata.name));
        },
      },
    );
  };
  const doDelete = () => {
    setConfirmDelete(false);
    if (original === undefined) return;
    del.mutate(
      { kind: original.kind, name: original.metadata.name, ...(original.metadata.namespace !== undefined ? { namespace: original.metadata.namespace } : {}), ...(original.metadata.resourceVersion !== undefined ? { resourceVersion: original.metadata.resourceVersion } : {}) },
      {
        onSuccess: () => {
          toast({ message: `Deleted ${original.kind} ${nameOf(original)}.`, link: { href: "/audit", label: "Audit log" } });
          router.push("/board");
        },
      },
    );
  };
  const exportYaml = () => {
    // The draft when it is valid (what the user sees), else the stored policy.
    const r = built.ok ? built.value : original;
    if (r === undefined) {
      if (!built.ok) setShownErrors(built.error);
      return;
    }
    const file = `${r.metadata.namespace !== undefined ? `${r.metadata.namespace}-` : ""}${r.metadata.name}.yaml`;
    downloadText(file, toYaml([{ ...r, metadata: copyMetadata(r.metadata) } as CalicoResource])); // same resource, server metadata dropped
    toast({ message: `Downloaded ${file}.` });
  };
  const runImpact = (what: ImpactOf, windowMinutes = impactWindow) => {
    setImpactOf(what);
    setImpactWindow(windowMinutes);
    if (what === "enforce" && original !== undefined) {
      const staged = built.ok ? built.value : original;
      const upserts = (staged.kind.startsWith("Staged") && (staged.spec as { stagedAction?: string }).stagedAction !== "Delete" ? [toEnforced(staged as StagedPolicy)] : []) as CalicoResource[];
      const deletes = [policyKeyOf(original), ...((staged.spec as { stagedAction?: string }).stagedAction === "Delete" ? [policyKeyOf(original).replace(/^Staged/, "")] : [])];
      impact.mutate({ upserts: upserts as unknown as Record<string, unknown>[], deletes, windowMinutes });
      return;
    }
    const r = what === "stage" ? stagedResource() : built.ok ? built.value : undefined;
    if (r === undefined) {
      if (!built.ok) setShownErrors(built.error);
      return;
    }
    impact.mutate({ upserts: [r as unknown as Record<string, unknown>], deletes: [], windowMinutes });
  };
  const keepMine = () => {
    const rv = conflict?.current?.metadata.resourceVersion;
    if (rv !== undefined) edit({ ...form, metadata: { ...form.metadata, resourceVersion: rv } });
    setConflict(undefined);
  };
  const takeTheirs = () => {
    if (conflict?.current !== undefined && isPolicyResource(conflict.current) && conflict.current.kind !== "ClusterNetworkPolicy") {
      edit(toPolicyForm(conflict.current));
      tabs.remountForm();
    }
    setConflict(undefined);
  };

  return {
    form,
    edit,
    tabs,
    built,
    selects,
    selectsValid,
    tiers,
    allErrors,
    errorsFor,
    conflict,
    keepMine,
    takeTheirs,
    confirmDelete,
    setConfirmDelete,
    impactOf,
    impactWindow,
    impact,
    saved,
    save,
    stage,
    enforce,
    del,
    isNew,
    isStaged,
    doSave,
    doStage,
    doEnforce,
    doDelete,
    exportYaml,
    runImpact,
  };
}

/** What usePolicyEditor returns, for the presentational parts. */
export type PolicyEditorState = ReturnType<typeof usePolicyEditor>;
