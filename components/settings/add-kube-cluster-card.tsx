"use client";
import { useState } from "react";
import type { FormEvent, ReactNode } from "react";
import type { GoldmaneInput, KubeConnectionInput, KubeDiscovery } from "@/lib/contracts/kube-clusters";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { useAddKubeCluster, useKubeContexts, useTestKubeConnection } from "@/lib/hooks/use-kube-clusters";
import { ProblemNotice } from "@/components/ui/problem-notice";

type Mode = "kubeconfig" | "kubeconfigPath" | "inCluster" | "token";
const MODES: readonly { readonly value: Mode; readonly label: string }[] = [
  { value: "kubeconfig", label: "Kubeconfig (paste or upload)" },
  { value: "kubeconfigPath", label: "Kubeconfig file on the server" },
  { value: "inCluster", label: "In-cluster service account" },
  { value: "token", label: "API server URL and bearer token" },
];

function Field(props: { readonly id: string; readonly label: string; readonly error?: string; readonly children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.error !== undefined ? (
        <span id={`${props.id}-error`} className="field-error">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

function DiscoveryResult({ d }: { readonly d: KubeDiscovery }) {
  return (
    <div className={`notice ${d.readOnly ? "notice-warn" : "notice-ok"}`} role="status" data-testid="kube-discovery">
      <div className="notice-title">
        Connected to {d.server}
        {d.version !== undefined ? ` (Kubernetes ${d.version})` : ""}
      </div>
      {d.readOnly ? (
        <div>
          Read-only{d.calicoApi !== "none" ? `: serves ${d.calicoApi}` : ""} — {d.readOnlyReason}
        </div>
      ) : (
        <div>Serves {d.calicoApi}: tiers and policies can be read and written.</div>
      )}
    </div>
  );
}

/**
 * Settings → "Add a Kubernetes cluster": name, how to connect (a kubeconfig pasted or uploaded,
 * or a file in the server's kubeconfig folder, and one of its contexts; the console's in-cluster
 * service account; or an API server URL with a bearer token and optional CA), and optionally
 * Goldmane for flows. "Test connection" shows
 * what discovery finds; "Add cluster" tests again and saves. Credentials are sent once and
 * never shown again (no API returns them).
 */
/** The Goldmane inputs as typed: each piece of TLS material is PEM or a server path in one box. */
interface GoldmaneFields {
  readonly address: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** PEM (it starts with a BEGIN line) goes as `…Pem`, anything else as a `…Path` the server checks. */
function toGoldmaneInput(g: GoldmaneFields): GoldmaneInput {
  const one = (value: string, pem: "caPem" | "certPem" | "keyPem", file: "caPath" | "certPath" | "keyPath") => (value.trim().startsWith("-----BEGIN") ? { [pem]: value.trim() } : { [file]: value.trim() });
  return { address: g.address.trim(), ...one(g.ca, "caPem", "caPath"), ...one(g.cert, "certPem", "certPath"), ...one(g.key, "keyPem", "keyPath") };
}

export function AddKubeClusterCard() {
  const test = useTestKubeConnection();
  const add = useAddKubeCluster();
  const [name, setName] = useState("");
  const [mode, setMode] = useState<Mode>("kubeconfig");
  const [path, setPath] = useState("");
  const [pathToRead, setPathToRead] = useState("");
  const [kubeconfig, setKubeconfig] = useState("");
  const [kubeconfigToRead, setKubeconfigToRead] = useState("");
  const [context, setContext] = useState("");
  const [server, setServer] = useState("");
  const [token, setToken] = useState("");
  const [caPem, setCaPem] = useState("");
  const [allowHttp, setAllowHttp] = useState(false);
  const [goldmane, setGoldmane] = useState<GoldmaneFields>({ address: "", ca: "", cert: "", key: "" });
  const contexts = useKubeContexts(mode === "kubeconfigPath" ? "path" : "kubeconfig", mode === "kubeconfigPath" ? pathToRead : mode === "kubeconfig" ? kubeconfigToRead : "");

  const connection = (): KubeConnectionInput => {
    const insecure = allowHttp ? { allowInsecureHttp: true } : {};
    if (mode === "kubeconfig") return { source: "kubeconfig", kubeconfig, ...(context !== "" ? { context } : {}), ...insecure };
    if (mode === "kubeconfigPath") return { source: "kubeconfig", path: path.trim(), ...(context !== "" ? { context } : {}), ...insecure };
    if (mode === "inCluster") return { source: "inCluster", ...insecure };
    return { source: "token", server: server.trim(), token: token.trim(), ...(caPem.trim() !== "" ? { caPem } : {}), ...insecure };
  };
  const withGoldmane = goldmane.address.trim() !== "";
  const error = add.error ?? test.error;
  const fieldError = (p: string): string | undefined => (isApiProblem(error) ? error.problem.errors?.find((e) => e.path === p || e.path === `connection.${p}`)?.message : undefined);
  const discovery = add.data?.discovery ?? test.data;

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    test.reset();
    add.mutate(
      { name: name.trim(), connection: connection(), ...(withGoldmane ? { goldmane: toGoldmaneInput(goldmane) } : {}) },
      {
        onSuccess: () => {
          setName("");
          setToken("");
          setKubeconfig("");
          setKubeconfigToRead("");
        },
      },
    );
  };
  const onTest = () => {
    add.reset();
    test.mutate({ connection: connection() });
  };
  const busy = test.isPending || add.isPending;
  const onUpload = async (file: File | undefined) => {
    if (file === undefined) return;
    const text = await file.text();
    setKubeconfig(text);
    setKubeconfigToRead(text);
  };

  return (
    <section className="card" aria-labelledby="settings-add-kube">
      <div className="card-header">
        <div>
          <h2 id="settings-add-kube">Add a Kubernetes cluster</h2>
          <p>A real cluster running Calico. Credentials stay on the Palisade server and are never shown again.</p>
        </div>
      </div>
      <form className="card-body stack" onSubmit={onSubmit} aria-label="Add a Kubernetes cluster">
        <Field id="kube-name" label="Cluster name" {...(fieldError("name") !== undefined ? { error: fieldError("name") } : {})}>
          <input id="kube-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="production" maxLength={100} />
        </Field>
        <fieldset className="stack">
          <legend>Connection</legend>
          {MODES.map((m) => (
            <label key={m.value} className="row">
              <input type="radio" name="kube-mode" value={m.value} checked={mode === m.value} onChange={() => setMode(m.value)} /> {m.label}
            </label>
          ))}
        </fieldset>
        {mode === "kubeconfig" ? (
          <>
            <Field id="kube-kubeconfig" label="Kubeconfig" {...(fieldError("kubeconfig") !== undefined ? { error: fieldError("kubeconfig") } : {})}>
              <textarea
                id="kube-kubeconfig"
                className="textarea input-mono"
                rows={6}
                spellCheck={false}
                autoComplete="off"
                value={kubeconfig}
                onChange={(e) => setKubeconfig(e.target.value)}
                onBlur={() => setKubeconfigToRead(kubeconfig)}
                placeholder={"apiVersion: v1\nkind: Config\nclusters: …"}
              />
            </Field>
            <Field id="kube-upload" label="Or upload a kubeconfig file">
              <input id="kube-upload" type="file" className="input" accept=".yaml,.yml,.conf,.config,text/yaml,application/yaml,text/plain,*/*" onChange={(e) => void onUpload(e.target.files?.[0])} />
            </Field>
            <p className="muted">Stored encrypted on the server. Exec credential plugins are refused unless the server allows them.</p>
          </>
        ) : null}
        {mode === "kubeconfigPath" ? (
          <>
            <Field id="kube-path" label="Kubeconfig path" {...(fieldError("path") !== undefined ? { error: fieldError("path") } : {})}>
              <input id="kube-path" className="input input-mono" value={path} onChange={(e) => setPath(e.target.value)} onBlur={() => setPathToRead(path.trim())} placeholder="/etc/palisade/kubeconfigs/production" />
            </Field>
            <p className="muted">Only files in the server&apos;s kubeconfig folder (PALISADE_KUBECONFIG_DIR) can be read.</p>
          </>
        ) : null}
        {mode === "kubeconfig" || mode === "kubeconfigPath" ? (
          <>
            <Field id="kube-context" label="Context" {...(fieldError("context") !== undefined ? { error: fieldError("context") } : {})}>
              <select id="kube-context" className="select" value={context} onChange={(e) => setContext(e.target.value)} disabled={contexts.data === undefined}>
                <option value="">{contexts.data?.current !== undefined ? `Current (${contexts.data.current})` : "Current context"}</option>
                {(contexts.data?.contexts ?? []).map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name} — {c.server}
                  </option>
                ))}
              </select>
            </Field>
            {contexts.error !== null ? <ProblemNotice error={contexts.error} title="The kubeconfig cannot be read" /> : null}
          </>
        ) : null}
        {mode === "inCluster" ? <p>Uses the service account token and CA mounted into the Palisade pod.</p> : null}
        {mode === "token" ? (
          <>
            <Field id="kube-server" label="API server URL" {...(fieldError("server") !== undefined ? { error: fieldError("server") } : {})}>
              <input id="kube-server" className="input input-mono" value={server} onChange={(e) => setServer(e.target.value)} placeholder="https://10.0.0.1:6443" />
            </Field>
            <Field id="kube-token" label="Bearer token" {...(fieldError("token") !== undefined ? { error: fieldError("token") } : {})}>
              <input id="kube-token" className="input input-mono" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
            </Field>
            <Field id="kube-ca" label="CA certificate (PEM, optional)" {...(fieldError("caPem") !== undefined ? { error: fieldError("caPem") } : {})}>
              <textarea id="kube-ca" className="textarea input-mono" rows={3} value={caPem} onChange={(e) => setCaPem(e.target.value)} placeholder="-----BEGIN CERTIFICATE-----" />
            </Field>
          </>
        ) : null}
        <label className="row">
          <input type="checkbox" checked={allowHttp} onChange={(e) => setAllowHttp(e.target.checked)} /> Allow plain http for a local cluster
        </label>
        <details>
          <summary>Flows from Goldmane (Calico 3.30+, optional)</summary>
          <div className="stack">
            <Field id="goldmane-address" label="Goldmane address (host:port)" {...(fieldError("goldmane.address") !== undefined ? { error: fieldError("goldmane.address") } : {})}>
              <input id="goldmane-address" className="input input-mono" value={goldmane.address} onChange={(e) => setGoldmane({ ...goldmane, address: e.target.value })} placeholder="goldmane.calico-system.svc:7443" />
            </Field>
            {(
              [
                ["ca", "Goldmane CA", "-----BEGIN CERTIFICATE----- or /etc/palisade/kube/goldmane/ca.crt"],
                ["cert", "Client certificate", "-----BEGIN CERTIFICATE----- or /etc/palisade/kube/goldmane/tls.crt"],
                ["key", "Client key", "-----BEGIN PRIVATE KEY----- or /etc/palisade/kube/goldmane/tls.key"],
              ] as const
            ).map(([key, label, placeholder]) => {
              const message = fieldError(`goldmane.${key}Pem`) ?? fieldError(`goldmane.${key}Path`);
              return (
                <Field key={key} id={`goldmane-${key}`} label={`${label} (PEM, or a file under PALISADE_KUBECONFIG_DIR)`} {...(message !== undefined ? { error: message } : {})}>
                  <textarea id={`goldmane-${key}`} className="textarea input-mono" rows={2} value={goldmane[key]} onChange={(e) => setGoldmane({ ...goldmane, [key]: e.target.value })} placeholder={placeholder} />
                </Field>
              );
            })}
          </div>
        </details>
        <div className="row">
          <button type="button" className="btn" onClick={onTest} disabled={busy}>
            {test.isPending ? "Testing…" : "Test connection"}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || name.trim() === ""}>
            {add.isPending ? "Adding…" : "Add cluster"}
          </button>
        </div>
        {discovery !== undefined ? <DiscoveryResult d={discovery} /> : null}
        {add.data !== undefined ? (
          <div className="notice notice-ok" role="status">
            Cluster “{add.data.cluster.name}” ({add.data.cluster.id}) was added; choose it in the cluster switcher.
          </div>
        ) : null}
        {error !== null ? <ProblemNotice error={error} /> : null}
      </form>
    </section>
  );
}
