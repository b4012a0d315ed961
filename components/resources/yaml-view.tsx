"use client";
import { useState } from "react";
import { stringify } from "yaml";

/** Splits one YAML line into key / value parts for colouring (display only; never parsed back). */
function renderLine(line: string, i: number) {
  const m = /^(\s*(?:- )?)([^:#'"]+?|"[^"]*"|'[^']*')(:)(\s.*)?$/.exec(line);
  if (m === null) {
    const t = line.trimStart();
    const cls = t.startsWith("#") ? "yaml-comment" : t.startsWith("- ") ? "yaml-str" : undefined;
    return (
      <span className="code-line" key={i}>
        {cls === undefined ? line : <span className={cls}>{line}</span>}
      </span>
    );
  }
  const [, indent = "", key = "", colon = "", rest = ""] = m;
  const value = rest.trim();
  const valueClass = /^-?\d+(\.\d+)?$/.test(value) || value === "true" || value === "false" || value === "null" ? "yaml-num" : "yaml-str";
  return (
    <span className="code-line" key={i}>
      {indent}
      <span className="yaml-key">{key}</span>
      <span className="yaml-punct">{colon}</span>
      {rest !== "" ? <span className={valueClass}>{rest}</span> : null}
    </span>
  );
}

/** An object shown as YAML with line numbers, plus copy and download buttons. */
export function YamlView({ value, fileName, label }: { readonly value: unknown; readonly fileName: string; readonly label: string }) {
  const text = stringify(value, { lineWidth: 0 });
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard.writeText(text).then(() => {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    });
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="stack">
      <div className="row">
        <button type="button" className="btn btn-sm" onClick={copy}>
          {copied ? "Copied" : "Copy YAML"}
        </button>
        <button type="button" className="btn btn-sm" onClick={download}>
          Download
        </button>
      </div>
      <pre className="code-block" aria-label={label} tabIndex={0}>
        <code>{text.replace(/\n$/, "").split("\n").map(renderLine)}</code>
      </pre>
    </div>
  );
}
