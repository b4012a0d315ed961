import { describe, expect, it } from "vitest";
import { escapeCsvCell, toCsv, toCsvTable, toFlowJsonLines, parseFlowLogLines } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";

describe("escapeCsvCell", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r", '"cr\r"'],
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+1", "'+1"],
    ["@cmd", "'@cmd"],
    ["-cmd", "'-cmd"],
    ["-", "-"],
    ["-1", "-1"],
  ])("%j → %j", (input, expected) => expect(escapeCsvCell(input)).toBe(expected));
  it("formats numbers, null and lists", () => {
    expect(escapeCsvCell(3)).toBe("3");
    expect(escapeCsvCell(null)).toBe("");
    expect(escapeCsvCell(["a=b", "c=d"])).toBe("a=b;c=d");
  });
});

describe("toCsv", () => {
  it("writes a header of Calico field names and one CRLF row per record", () => {
    const csv = toCsv([aFlow({ destDomains: ["a.com", "b.com"] })], ["source_name", "dest_port", "dest_domains", "source_labels", "policies", "unknown"]);
    const [header, row, end] = csv.split("\r\n");
    expect(header).toBe("source_name,dest_port,dest_domains,source_labels,policies,unknown");
    expect(row).toBe("client-7d9f8c6b5d-abcde,8080,a.com;b.com,app=client,enforced:0|__PROFILE__|__PROFILE__.kns.default|allow|0;pending:0|__PROFILE__|__PROFILE__.kns.default|allow|0,");
    expect(end).toBe("");
  });
  it("escapes generic tables", () => {
    expect(toCsvTable([{ a: 'x,"y"' }], [{ header: "a,b", value: (r) => r.a }])).toBe('"a,b"\r\n"x,""y"""\r\n');
  });
  it("JSON lines export parses back", () => {
    const flows = [aFlow(), aFlow({ action: "deny" })];
    const { records, errors } = parseFlowLogLines(toFlowJsonLines(flows));
    expect(errors).toEqual([]);
    expect(records).toEqual(flows);
  });
});
