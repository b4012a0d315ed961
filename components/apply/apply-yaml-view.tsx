"use client";
import { useRef, useState } from "react";
import type { ChangeEvent, DragEvent } from "react";
import type { ApplyResult } from "@/lib/contracts/apply";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useApply } from "@/lib/hooks/use-apply";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { ApplyOutcome } from "@/components/apply/apply-outcome";
import { PageHeader } from "@/components/ui/page-header";

const EXAMPLE = `apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: security
spec:
  order: 300
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: platform
spec:
  order: 400
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: security.allow-kube-dns
spec:
  tier: security
  order: 200
  selector: all()
  types:
    - Egress
  egress:
    - action: Allow
      protocol: UDP
      destination:
        selector: k8s-app == "kube-dns"
        ports:
          - 53
    - action: Pass
`;

/** Largest file accepted from the picker or a drop (the API limit is larger; this keeps the editor responsive). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Import: paste or upload multi-document YAML/JSON, dry-run it (per-document outcome or field
 * errors), then apply it. Apply is enabled only for exactly the text that passed a dry run.
 */
export function ApplyYamlView() {
  const { clusterId } = useCurrentCluster();
  const apply = useApply(clusterId);
  const [text, setText] = useState("");
  const [checkedText, setCheckedText] = useState<string | undefined>(undefined);
  const [result, setResult] = useState<ApplyResult | undefined>(undefined);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = (dryRun: boolean) => {
    setResult(undefined);
    apply.mutate(
      { text, dryRun },
      {
        onSuccess: (r) => {
          setResult(r);
          setCheckedText(dryRun ? text : undefined);
        },
        onError: () => setCheckedText(undefined),
      },
    );
  };

  const loadFile = (file: File | undefined) => {
    setFileError(undefined);
    if (file === undefined) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(`${file.name} is larger than 2 MiB.`);
      return;
    }
    void file.text().then((content) => {
      setText(content);
      setResult(undefined);
      apply.reset();
    });
  };

  const onDrop = (e: DragEvent<HTMLTextAreaElement>) => {
    e.preventDefault();
    setDragging(false);
    loadFile(e.dataTransfer.files[0]);
  };

  const onChange = (e: ChangeEvent<HTMLTextAreaElement>) => {
    setText(e.target.value);
    if (result !== undefined || apply.error !== null) {
      setResult(undefined);
      apply.reset();
    }
  };

  const canApply = checkedText !== undefined && checkedText === text && text.trim() !== "";
  const conflict = isApiProblem(apply.error) && apply.error.status === 409;

  return (
    <>
      <PageHeader
        title="Apply YAML"
        description={`Create or update resources in cluster “${clusterId}” from YAML or JSON (several documents separated by ---). Everything is applied, or nothing.`}
      />
      <div className="split">
        <section className="card" aria-labelledby="apply-input">
          <div className="card-header">
            <h2 id="apply-input">Manifest</h2>
            <div className="row">
              <button type="button" className="btn btn-sm" onClick={() => fileInput.current?.click()}>
                Upload file…
              </button>
              <input
                ref={fileInput}
                type="file"
                accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml,text/plain"
                className="visually-hidden"
                aria-label="Upload a YAML or JSON file"
                tabIndex={-1}
                onChange={(e) => {
                  loadFile(e.target.files?.[0]);
                  e.target.value = "";
                }}
              />
              <button type="button" className="btn btn-sm" onClick={() => { setText(EXAMPLE); setResult(undefined); apply.reset(); }}>
                Insert example
              </button>
            </div>
          </div>
          <label htmlFor="apply-text" className="visually-hidden">
            YAML or JSON to apply
          </label>
          <textarea
            id="apply-text"
            className={`textarea editor-textarea${dragging ? " drop-active" : ""}`}
            spellCheck={false}
            placeholder={"Paste YAML here, or drop a file.\n\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: security\nspec:\n  order: 300"}
            value={text}
            onChange={onChange}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          />
          <div className="toolbar" style={{ borderBottom: "none", borderTop: "1px solid var(--border)" }}>
            <button type="button" className="btn" onClick={() => run(true)} disabled={text.trim() === "" || apply.isPending}>
              {apply.isPending && apply.variables?.dryRun === true ? "Checking…" : "Dry run"}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => run(false)} disabled={!canApply || apply.isPending}>
              {apply.isPending && apply.variables?.dryRun === false ? "Applying…" : "Apply"}
            </button>
            <span className="small muted">{canApply ? "Dry run passed: ready to apply." : "Run a dry run first; Apply uses exactly the checked text."}</span>
          </div>
          {fileError !== undefined ? (
            <div className="card-body">
              <div className="notice notice-error" role="alert">
                {fileError}
              </div>
            </div>
          ) : null}
        </section>
        <section className="card" aria-labelledby="apply-result" aria-live="polite">
          <div className="card-header">
            <h2 id="apply-result">Result</h2>
          </div>
          <ApplyOutcome result={result} error={apply.error} conflict={conflict} />
        </section>
      </div>
    </>
  );
}
