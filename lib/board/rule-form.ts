/**
 * Form model of a Calico Rule and EntityRule: every field of the rule model, with the text
 * inputs an editor needs (numbers and ports as strings, selectors as rows or raw text).
 * Conversion back omits empty values, so `fromRuleForm(toRuleForm(r))` equals `r` for every rule
 * whose lists and objects are non-empty (an empty list and an absent field mean the same).
 */
import type { Action, EntityRule, HttpMatch, IcmpFields, Port, Protocol, Rule } from "@/lib/calico/types";
import type { FieldError } from "@/lib/errors";
import type { SelectorRow } from "@/lib/board/selector-rows";
import { sameSelector, selectorRowsToText, textToSelectorRows } from "@/lib/board/selector-rows";

/** A selector input: rows when the text is a simple conjunction, otherwise raw text. */
export type SelectorField =
  | { readonly mode: "rows"; readonly rows: readonly SelectorRow[]; readonly original?: string }
  | { readonly mode: "text"; readonly text: string };

export interface KeyValueRow {
  readonly key: string;
  readonly value: string;
}

export interface IcmpForm {
  readonly type: string;
  readonly code: string;
}

export interface EntityForm {
  readonly nets: readonly string[];
  readonly notNets: readonly string[];
  readonly selector: SelectorField;
  readonly notSelector: SelectorField;
  readonly namespaceSelector: SelectorField;
  readonly ports: readonly string[];
  readonly notPorts: readonly string[];
  /** Present when the rule matches on service accounts. */
  readonly serviceAccounts?: { readonly names: readonly string[]; readonly selector: SelectorField };
  /** Present when the rule matches a Kubernetes Service. */
  readonly services?: { readonly name: string; readonly namespace: string };
  readonly domains: readonly string[];
}

export interface HttpPathForm {
  readonly match: "exact" | "prefix";
  readonly value: string;
}

export interface RuleForm {
  readonly action: Action;
  /** "" = any; a name (TCP, UDP, …) or a number 1-255. */
  readonly protocol: string;
  readonly notProtocol: string;
  readonly icmp?: IcmpForm;
  readonly notICMP?: IcmpForm;
  readonly ipVersion: "" | "4" | "6";
  readonly source: EntityForm;
  readonly destination: EntityForm;
  readonly http?: { readonly methods: readonly string[]; readonly paths: readonly HttpPathForm[] };
  /** `metadata.annotations` of the rule. */
  readonly annotations: readonly KeyValueRow[];
}

/** A selector field for `text` (absent → no rows). */
export function toSelectorField(text: string | undefined): SelectorField {
  if (text === undefined) return { mode: "rows", rows: [] };
  const rows = textToSelectorRows(text);
  return rows === null ? { mode: "text", text } : { mode: "rows", rows, original: text };
}

/**
 * Selector text of a field, or undefined when empty. Rows that still mean the original text
 * give back the original text unchanged (quotes and spacing as the user wrote them).
 */
export function fromSelectorField(field: SelectorField): string | undefined {
  if (field.mode === "text") return field.text.trim() === "" ? undefined : field.text;
  const text = selectorRowsToText(field.rows);
  if (field.original !== undefined && (field.original === text || sameSelector(field.original, text))) return field.original;
  return text === "" ? undefined : text;
}

const portText = (p: Port): string => String(p);
const icmpForm = (i: IcmpFields): IcmpForm => ({ type: i.type === undefined ? "" : String(i.type), code: i.code === undefined ? "" : String(i.code) });

/** The form of an entity rule (absent → an empty form). Never throws. */
export function toEntityForm(e: EntityRule | undefined): EntityForm {
  return {
    nets: e?.nets ?? [],
    notNets: e?.notNets ?? [],
    selector: toSelectorField(e?.selector),
    notSelector: toSelectorField(e?.notSelector),
    namespaceSelector: toSelectorField(e?.namespaceSelector),
    ports: (e?.ports ?? []).map(portText),
    notPorts: (e?.notPorts ?? []).map(portText),
    ...(e?.serviceAccounts !== undefined
      ? { serviceAccounts: { names: e.serviceAccounts.names ?? [], selector: toSelectorField(e.serviceAccounts.selector) } }
      : {}),
    ...(e?.services !== undefined ? { services: { name: e.services.name, namespace: e.services.namespace ?? "" } } : {}),
    domains: e?.domains ?? [],
  };
}

/** The form of a rule. Never throws. */
export function toRuleForm(rule: Rule): RuleForm {
  const paths = (rule.http?.paths ?? []).map((p): HttpPathForm => (p.exact !== undefined ? { match: "exact", value: p.exact } : { match: "prefix", value: p.prefix ?? "" }));
  return {
    action: rule.action,
    protocol: rule.protocol === undefined ? "" : String(rule.protocol),
    notProtocol: rule.notProtocol === undefined ? "" : String(rule.notProtocol),
    ...(rule.icmp !== undefined ? { icmp: icmpForm(rule.icmp) } : {}),
    ...(rule.notICMP !== undefined ? { notICMP: icmpForm(rule.notICMP) } : {}),
    ipVersion: rule.ipVersion === undefined ? "" : rule.ipVersion === 4 ? "4" : "6",
    source: toEntityForm(rule.source),
    destination: toEntityForm(rule.destination),
    ...(rule.http !== undefined ? { http: { methods: rule.http.methods ?? [], paths } } : {}),
    annotations: Object.entries(rule.metadata?.annotations ?? {}).map(([key, value]) => ({ key, value })),
  };
}

// ---- form → model ----

const nonEmptyList = <T>(key: string, list: readonly T[]): Record<string, readonly T[]> => (list.length > 0 ? { [key]: list } : {});
const cleanList = (list: readonly string[]): string[] => list.map((s) => s.trim()).filter((s) => s !== "");

function parseProtocolText(text: string): Protocol | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  // Safe: names are checked by validateResource later; numbers are Calico's numeric form.
  return /^\d+$/.test(t) ? Number(t) : (t as Protocol);
}

function parsePortText(text: string): Port {
  return /^\d+$/.test(text) ? Number(text) : text;
}

function parseIcmp(form: IcmpForm, path: string, errors: FieldError[]): IcmpFields {
  const out: { type?: number; code?: number } = {};
  for (const field of ["type", "code"] as const) {
    const t = form[field].trim();
    if (t === "") continue;
    if (!/^\d+$/.test(t)) errors.push({ path: `${path}.${field}`, message: `ICMP ${field} must be a whole number` });
    else out[field] = Number(t);
  }
  return out;
}

function selectorFields(entries: readonly (readonly [string, SelectorField])[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, f] of entries) {
    const s = fromSelectorField(f);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** The entity rule of a form, or undefined when every field is empty. Never throws. */
export function fromEntityForm(form: EntityForm): EntityRule | undefined {
  const sa = form.serviceAccounts;
  const saSelector = sa === undefined ? undefined : fromSelectorField(sa.selector);
  const svc = form.services;
  const entity: EntityRule = {
    ...nonEmptyList("nets", cleanList(form.nets)),
    ...nonEmptyList("notNets", cleanList(form.notNets)),
    ...selectorFields([
      ["selector", form.selector],
      ["notSelector", form.notSelector],
      ["namespaceSelector", form.namespaceSelector],
    ]),
    ...nonEmptyList("ports", cleanList(form.ports).map(parsePortText)),
    ...nonEmptyList("notPorts", cleanList(form.notPorts).map(parsePortText)),
    ...(sa !== undefined
      ? { serviceAccounts: { ...nonEmptyList("names", cleanList(sa.names)), ...(saSelector !== undefined ? { selector: saSelector } : {}) } }
      : {}),
    ...(svc !== undefined ? { services: { name: svc.name.trim(), ...(svc.namespace.trim() !== "" ? { namespace: svc.namespace.trim() } : {}) } } : {}),
    ...nonEmptyList("domains", cleanList(form.domains)),
  };
  return Object.keys(entity).length > 0 ? entity : undefined;
}

/** The rule of a form; number fields that do not parse are reported under `path`. Never throws. */
export function fromRuleForm(form: RuleForm, path: string, errors: FieldError[]): Rule {
  const protocol = parseProtocolText(form.protocol);
  const notProtocol = parseProtocolText(form.notProtocol);
  const source = fromEntityForm(form.source);
  const destination = fromEntityForm(form.destination);
  const annotations = Object.fromEntries(form.annotations.filter((a) => a.key.trim() !== "").map((a) => [a.key.trim(), a.value]));
  const http: HttpMatch | undefined =
    form.http === undefined
      ? undefined
      : {
          ...nonEmptyList("methods", cleanList(form.http.methods)),
          ...nonEmptyList("paths", form.http.paths.map((p) => (p.match === "exact" ? { exact: p.value } : { prefix: p.value }))),
        };
  return {
    action: form.action,
    ...(form.ipVersion !== "" ? { ipVersion: form.ipVersion === "4" ? 4 : 6 } : {}),
    ...(protocol !== undefined ? { protocol } : {}),
    ...(form.icmp !== undefined ? { icmp: parseIcmp(form.icmp, `${path}.icmp`, errors) } : {}),
    ...(notProtocol !== undefined ? { notProtocol } : {}),
    ...(form.notICMP !== undefined ? { notICMP: parseIcmp(form.notICMP, `${path}.notICMP`, errors) } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(destination !== undefined ? { destination } : {}),
    ...(http !== undefined ? { http } : {}),
    ...(Object.keys(annotations).length > 0 ? { metadata: { annotations } } : {}),
  };
}

/** An empty rule form with the given action (for the editor's "add rule"). */
export function emptyRuleForm(action: Action = "Allow"): RuleForm {
  return toRuleForm({ action });
}
