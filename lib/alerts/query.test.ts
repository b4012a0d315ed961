import { describe, expect, it } from "vitest";
import type { AlertRecord } from "@/lib/alerts";
import { matchesQuery, parseAlertQuery, tokenizeQuery } from "@/lib/alerts";

const denied: AlertRecord = {
  source_type: "ns",
  source_name: "ip-address-list",
  source_name_aggr: "ip-address-list",
  source_namespace: "-",
  source_ip: "198.51.100.23",
  dest_namespace: "default",
  dest_name_aggr: "frontend-*",
  dest_port: 8080,
  dest_labels: ["app=frontend", "tier=web"],
  dest_domains: [],
  proto: "tcp",
  action: "deny",
  reporter: "dst",
  num_flows: 3,
};
const allowed: AlertRecord = {
  source_type: "wep",
  source_name: "-",
  source_name_aggr: "loadgenerator-*",
  source_namespace: "default",
  source_ip: null,
  dest_namespace: "default",
  dest_name_aggr: "frontend-*",
  dest_port: 8080,
  dest_labels: ["app=frontend"],
  dest_domains: ["www.google.com"],
  proto: "tcp",
  action: "allow",
  reporter: "src",
  num_flows: 12,
};
const dns: AlertRecord = { qname: "www.google.com", qtype: "AAAA", rcode: "NXDomain", count: 150, "servers.ip": ["10.96.0.10"] };

/** Each query against the rows it must match (by name) and must not. */
const TABLE: readonly { readonly query: string; readonly matches: readonly string[] }[] = [
  { query: "", matches: ["denied", "allowed", "dns"] },
  { query: '(source_name = "ip-address-list")', matches: ["denied"] },
  { query: "source_name = ip-address-list", matches: ["denied"] },
  { query: "action=deny", matches: ["denied"] },
  { query: "action != deny", matches: ["allowed", "dns"] },
  { query: "dest_port = 8080", matches: ["denied", "allowed"] },
  { query: 'dest_port = "8080"', matches: ["denied", "allowed"] },
  { query: "num_flows > 5", matches: ["allowed"] },
  { query: "num_flows >= 3 AND num_flows <= 3", matches: ["denied"] },
  { query: "num_flows < 3", matches: [] },
  { query: "source_ip = 198.51.100.23", matches: ["denied"] },
  { query: "action = deny OR action = allow", matches: ["denied", "allowed"] },
  { query: "action = deny or reporter = src", matches: ["denied", "allowed"] },
  { query: "NOT action = deny AND proto = tcp", matches: ["allowed"] },
  { query: "NOT (action = deny OR action = allow)", matches: ["dns"] },
  { query: "proto = tcp AND (source_type = ns OR source_type = net)", matches: ["denied"] },
  { query: 'dest_labels = "app=frontend"', matches: ["denied", "allowed"] },
  { query: 'dest_labels = "tier=web"', matches: ["denied"] },
  { query: 'dest_labels != "tier=web"', matches: ["allowed", "dns"] },
  { query: "dest_domains IN {*.google.com}", matches: ["allowed"] },
  { query: 'source_name_aggr IN {"load*", "ip-?ddress-list"}', matches: ["denied", "allowed"] },
  { query: "source_name_aggr NOTIN {load*}", matches: ["denied", "dns"] },
  { query: "source_name_aggr NOT IN {load*}", matches: ["denied", "dns"] },
  { query: "dest_port IN {80, 8080}", matches: ["denied", "allowed"] },
  { query: "source_name_aggr = load*", matches: [] },
  { query: '(qtype = A OR qtype = AAAA) AND rcode != NoError', matches: ["dns"] },
  { query: '"servers.ip" = "10.96.0.10"', matches: ["dns"] },
  { query: "count > 100", matches: ["dns"] },
  { query: "source_ip != 198.51.100.23", matches: ["allowed", "dns"] },
  { query: "source_ip > 0", matches: ["denied"] },
];
const ROWS: Readonly<Record<string, AlertRecord>> = { denied, allowed, dns };

describe("GlobalAlert query language", () => {
  it.each(TABLE)("$query", ({ query, matches }) => {
    const parsed = parseAlertQuery(query);
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (!parsed.ok) return;
    const got = Object.entries(ROWS).filter(([, r]) => matchesQuery(parsed.value, r)).map(([n]) => n);
    expect(got).toEqual(matches);
  });

  it("binds AND tighter than OR and NOT tighter than AND", () => {
    const parsed = parseAlertQuery("a = 1 OR b = 2 AND NOT c = 3");
    expect(parsed.ok && parsed.value).toEqual({
      kind: "or",
      operands: [
        { kind: "compare", key: "a", op: "=", value: { type: "number", text: "1" } },
        { kind: "and", operands: [{ kind: "compare", key: "b", op: "=", value: { type: "number", text: "2" } }, { kind: "not", operand: { kind: "compare", key: "c", op: "=", value: { type: "number", text: "3" } } }] },
      ],
    });
  });

  it("expands substitutions in sets", () => {
    const parsed = parseAlertQuery("qname NOTIN ${domains}", { substitutions: new Map([["domains", ["*.google.com", "github.com"]]]) });
    expect(parsed.ok && parsed.value).toEqual({ kind: "set", key: "qname", negated: true, values: ["*.google.com", "github.com"] });
  });

  it("tokenizes quoted strings with escapes and keywords case-insensitively", () => {
    const t = tokenizeQuery('"a\\"b" = \'x y\' and Not z');
    expect(t.ok && t.value.map((x) => x.kind)).toEqual(["string", "op", "string", "and", "not", "word", "eof"]);
    expect(t.ok && t.value[0]?.text).toBe('a"b');
  });

  // Invalid queries with the offset of the error.
  const INVALID: readonly [string, number, ParseOpts?][] = [
    ["action =", 8], // value missing at the end
    ["action deny", 7], // comparator missing
    ["(action = deny", 14], // unclosed bracket
    ["action = deny)", 13], // stray bracket
    ["action = deny AND", 17], // dangling AND
    ['source_name = "open', 14], // unterminated string
    ["action ! deny", 7], // lone !
    ["x IN {a b}", 8], // missing comma
    ["x IN a", 5], // set needs braces
    ["x IN ${nope}", 5], // unknown substitution
    ["bogus = 1", 0, { knownKeys: new Set(["action"]) }], // unknown field
    ["action = deny deny", 14], // implicit AND is not part of the language
  ];
  type ParseOpts = { readonly knownKeys?: ReadonlySet<string> };
  it.each(INVALID)("rejects %j at offset %i", (query, offset, opts) => {
    const parsed = parseAlertQuery(query, opts ?? {});
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.offset).toBe(offset);
  });

  it("treats a single-valued substitution as a value and refuses a multi-valued one there", () => {
    const subs = new Map([["one", ["deny"]], ["two", ["a", "b"]]]);
    const one = parseAlertQuery("action = ${one}", { substitutions: subs });
    expect(one.ok && matchesQuery(one.value, denied)).toBe(true);
    expect(parseAlertQuery("action = ${two}", { substitutions: subs }).ok).toBe(false);
  });
});
