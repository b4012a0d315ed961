"use client";
import { Fragment } from "react";
import type { ReactNode } from "react";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { FieldErrorList } from "@/components/ui/field-error-list";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { Tabs, tabPanelProps } from "@/components/ui/tabs";
import type { ResourceEditorState } from "@/components/ui/use-resource-editor";

/**
 * The card of a one-resource editor: title, Form / YAML tabs, the form (children) or the YAML
 * text, the field errors of the tab shown, the save failure (with `conflictTitle` on 409) and
 * Create / Save and Cancel. State comes from useResourceEditor.
 */
export function ResourceEditorCard(props: {
  /** Prefix of the element ids: `<idPrefix>-title`, the tabs and the panel. */
  readonly idPrefix: string;
  readonly title: string;
  readonly yamlId: string;
  readonly yamlRows: number;
  readonly editor: ResourceEditorState;
  readonly isNew: boolean;
  /** The save mutation's state. */
  readonly save: { readonly isPending: boolean; readonly error: unknown };
  /** Shown instead of the problem's title when the save answered 409. */
  readonly conflictTitle: string;
  readonly onCancel: () => void;
  readonly children: ReactNode;
}) {
  const { editor } = props;
  const { isPending: saving, error: saveError } = props.save;
  const conflict = isApiProblem(saveError) && saveError.status === 409;
  return (
    <section className="card" aria-labelledby={`${props.idPrefix}-title`}>
      <div className="card-header">
        <h2 id={`${props.idPrefix}-title`}>{props.title}</h2>
      </div>
      <div className="card-body stack">
        <Tabs idPrefix={props.idPrefix} label="Editor view" tabs={[{ id: "form", label: "Form" }, { id: "yaml", label: "YAML" }]} selected={editor.tab} onSelect={editor.switchTab} />
        <div {...tabPanelProps(props.idPrefix, editor.tab)}>
          {editor.tab === "form" ? (
            // Leaving the YAML tab bumps formVersion: the fields remount on the edited values.
            <Fragment key={editor.formVersion}>{props.children}</Fragment>
          ) : (
            <div className="field">
              <label htmlFor={props.yamlId}>YAML</label>
              <textarea id={props.yamlId} className="textarea editor-textarea input-mono" rows={props.yamlRows} value={editor.yaml} onChange={(e) => editor.onYaml(e.target.value)} spellCheck={false} />
            </div>
          )}
        </div>
        <FieldErrorList errors={editor.shownErrors} />
        {saveError !== null && saveError !== undefined ? <ProblemNotice error={saveError} title={conflict ? props.conflictTitle : undefined} /> : null}
        <div className="row">
          <button type="button" className="btn btn-primary" onClick={editor.onSave} disabled={saving || (editor.tab === "yaml" && editor.yamlErrors.length > 0)}>
            {saving ? "Saving…" : props.isNew ? "Create" : "Save"}
          </button>
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </section>
  );
}
