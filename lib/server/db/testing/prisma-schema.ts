import "server-only";
/**
 * A small parser for the parts of schema.prisma the conformance test checks: models, their
 * scalar fields (type, optional, native type, @id/@unique/@default), relations (fields,
 * references, onDelete) and block attributes (@@id, @@unique, @@index). Not a full Prisma
 * grammar: enough for our schema, and it throws on anything it does not understand inside a
 * model so the test cannot silently skip a field.
 */

export interface PrismaField {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly list: boolean;
  readonly id: boolean;
  readonly unique: boolean;
  /** The raw argument of @default, e.g. `now()`, `"{}"`, `0`. */
  readonly default?: string;
  /** The native type attribute without `@db.`, e.g. `Timestamptz(3)`, `Uuid`. */
  readonly nativeType?: string;
  readonly relation?: { readonly fields: readonly string[]; readonly references: readonly string[]; readonly onDelete?: string };
}

export interface PrismaModel {
  readonly name: string;
  readonly fields: readonly PrismaField[];
  readonly id?: readonly string[];
  readonly uniques: readonly (readonly string[])[];
  readonly indexes: readonly (readonly string[])[];
}

const SCALARS = new Set(["String", "Int", "BigInt", "Boolean", "DateTime", "Json", "Float", "Decimal", "Bytes"]);

function listArg(text: string): string[] {
  return text
    .replace(/^\[|\]$/g, "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function attrArg(line: string, attr: string): string | undefined {
  const at = line.indexOf(`${attr}(`);
  if (at < 0) return undefined;
  let depth = 0;
  for (let i = at + attr.length; i < line.length; i++) {
    const ch = line[i];
    if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return line.slice(at + attr.length + 1, i);
  }
  throw new Error(`unbalanced parentheses in: ${line}`);
}

function parseField(line: string): PrismaField {
  const m = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
  if (!m) throw new Error(`cannot parse field line: ${line}`);
  const [, name = "", type = "", list, optional, rest = ""] = m;
  const relationArgs = attrArg(rest, "@relation");
  let relation: PrismaField["relation"];
  if (relationArgs !== undefined) {
    const fields = /fields:\s*(\[[^\]]*\])/.exec(relationArgs)?.[1];
    const references = /references:\s*(\[[^\]]*\])/.exec(relationArgs)?.[1];
    const onDelete = /onDelete:\s*(\w+)/.exec(relationArgs)?.[1];
    if (fields && references) relation = { fields: listArg(fields), references: listArg(references), ...(onDelete ? { onDelete } : {}) };
  }
  const dflt = attrArg(rest, "@default");
  const native = /@db\.(\w+(\([^)]*\))?)/.exec(rest)?.[1];
  return {
    name,
    type,
    list: list !== undefined,
    optional: optional !== undefined,
    id: /@id\b/.test(rest),
    unique: /@unique\b/.test(rest),
    ...(dflt !== undefined ? { default: dflt } : {}),
    ...(native ? { nativeType: native } : {}),
    ...(relation ? { relation } : {}),
  };
}

/** Parses the models of a schema.prisma text. Throws on a line inside a model it cannot read. */
export function parsePrismaSchema(text: string): readonly PrismaModel[] {
  const models: PrismaModel[] = [];
  const lines = text.split("\n").map((l) => l.replace(/\/\/.*$/, "").trim());
  for (let i = 0; i < lines.length; i++) {
    const head = /^model\s+(\w+)\s*\{$/.exec(lines[i] ?? "");
    if (!head) continue;
    const fields: PrismaField[] = [];
    const uniques: string[][] = [];
    const indexes: string[][] = [];
    let id: string[] | undefined;
    for (i++; i < lines.length && lines[i] !== "}"; i++) {
      const line = lines[i] ?? "";
      if (line === "") continue;
      if (line.startsWith("@@")) {
        const cols = /\((\[[^\]]*\])/.exec(line)?.[1];
        if (!cols) throw new Error(`cannot parse block attribute: ${line}`);
        if (line.startsWith("@@unique")) uniques.push(listArg(cols));
        else if (line.startsWith("@@index")) indexes.push(listArg(cols));
        else if (line.startsWith("@@id")) id = listArg(cols);
        else if (!line.startsWith("@@map")) throw new Error(`unsupported block attribute: ${line}`);
        continue;
      }
      fields.push(parseField(line));
    }
    for (const f of fields) if (f.unique) uniques.push([f.name]);
    const idField = fields.find((f) => f.id);
    models.push({ name: head[1] ?? "", fields, uniques, indexes, ...(id ? { id } : idField ? { id: [idField.name] } : {}) });
  }
  return models;
}

/** Whether a field is a column (a scalar), not a relation navigation field. */
export function isColumn(f: PrismaField): boolean {
  return SCALARS.has(f.type) && !f.list;
}

/** The information_schema data_type a scalar field maps to in PostgreSQL. */
export function expectedDataType(f: PrismaField): string {
  const native = f.nativeType?.replace(/\(.*\)$/, "");
  if (native === "Uuid") return "uuid";
  if (native === "Timestamptz") return "timestamp with time zone";
  switch (f.type) {
    case "String":
      return "text";
    case "Int":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Boolean":
      return "boolean";
    case "DateTime":
      return "timestamp without time zone";
    case "Json":
      return "jsonb";
    case "Float":
      return "double precision";
    case "Decimal":
      return "numeric";
    case "Bytes":
      return "bytea";
    default:
      throw new Error(`no PostgreSQL type for ${f.type}`);
  }
}
