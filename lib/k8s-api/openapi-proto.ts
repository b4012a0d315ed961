/**
 * The protobuf encoding of the OpenAPI v2 document (gnostic's `openapi.v2.Document`), the form
 * kubectl asks for with `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`.
 * Encoded by hand from the JSON document (openapi.ts) for the fields that document uses; field
 * numbers are those of gnostic's OpenAPIv2.proto. Vendor extensions and enum values are `Any`
 * messages holding YAML text (JSON is valid YAML), as gnostic writes them. Pure.
 */

type Json = Readonly<Record<string, unknown>>;

class Writer {
  readonly bytes: number[] = [];
  private varint(n: number): void {
    let v = n;
    while (v > 0x7f) {
      this.bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
  }
  private tag(field: number, wire: 0 | 2): void {
    this.varint(field * 8 + wire);
  }
  string(field: number, value: string | undefined): void {
    if (value === undefined || value === "") return;
    this.message(field, [...new TextEncoder().encode(value)]);
  }
  strings(field: number, values: readonly string[] | undefined): void {
    for (const v of values ?? []) this.message(field, [...new TextEncoder().encode(v)]);
  }
  bool(field: number, value: boolean | undefined): void {
    if (value !== true) return;
    this.tag(field, 0);
    this.varint(1);
  }
  message(field: number, body: readonly number[]): void {
    this.tag(field, 2);
    this.varint(body.length);
    for (const b of body) this.bytes.push(b);
  }
  sub(field: number, build: (w: Writer) => void): void {
    const w = new Writer();
    build(w);
    this.message(field, w.bytes);
  }
}

const asObject = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const asArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

/** Any { yaml = 2 }. */
function writeAny(w: Writer, field: number, value: unknown): void {
  w.sub(field, (a) => a.string(2, `${JSON.stringify(value)}\n`));
}

/** NamedAny { name = 1; Any value = 2 } for each `x-` key. */
function writeExtensions(w: Writer, field: number, obj: Json): void {
  for (const [k, v] of Object.entries(obj)) {
    if (!k.startsWith("x-")) continue;
    w.sub(field, (n) => {
      n.string(1, k);
      writeAny(n, 2, v);
    });
  }
}

function writeSchema(w: Writer, s: Json): void {
  w.string(1, asString(s["$ref"]));
  w.string(2, asString(s["format"]));
  w.string(4, asString(s["description"]));
  if (s["default"] !== undefined) writeAny(w, 5, s["default"]);
  w.strings(19, asArray(s["required"]).filter((x): x is string => typeof x === "string"));
  for (const e of asArray(s["enum"])) writeAny(w, 20, e);
  const additional = s["additionalProperties"];
  if (additional !== undefined) w.sub(21, (a) => (typeof additional === "boolean" ? a.bool(2, additional) : a.sub(1, (x) => writeSchema(x, asObject(additional)))));
  const type = asString(s["type"]);
  if (type !== undefined) w.sub(22, (t) => t.strings(1, [type]));
  if (s["items"] !== undefined) w.sub(23, (i) => i.sub(1, (x) => writeSchema(x, asObject(s["items"]))));
  for (const part of asArray(s["allOf"])) w.sub(24, (x) => writeSchema(x, asObject(part)));
  const props = asObject(s["properties"]);
  if (Object.keys(props).length > 0) {
    w.sub(25, (p) => {
      for (const [name, value] of Object.entries(props)) {
        p.sub(1, (n) => {
          n.string(1, name);
          n.sub(2, (x) => writeSchema(x, asObject(value)));
        });
      }
    });
  }
  writeExtensions(w, 31, s);
}

function writeParameter(w: Writer, p: Json): void {
  // ParametersItem { Parameter parameter = 1 } → Parameter { body_parameter = 1 | non_body_parameter = 2 }
  w.sub(1, (param) => {
    if (p["in"] === "body") {
      param.sub(1, (b) => {
        b.string(1, asString(p["description"]));
        b.string(2, asString(p["name"]));
        b.string(3, "body");
        b.bool(4, p["required"] === true);
        b.sub(5, (x) => writeSchema(x, asObject(p["schema"])));
      });
      return;
    }
    param.sub(2, (nb) => {
      const isPath = p["in"] === "path";
      // NonBodyParameter { query_parameter_sub_schema = 3; path_parameter_sub_schema = 4 }
      nb.sub(isPath ? 4 : 3, (q) => {
        q.bool(1, p["required"] === true);
        q.string(2, asString(p["in"]));
        q.string(3, asString(p["description"]));
        q.string(4, asString(p["name"]));
        q.string(isPath ? 5 : 6, asString(p["type"]));
        q.bool(isPath ? 19 : 20, p["uniqueItems"] === true);
      });
    });
  });
}

function writeOperation(w: Writer, op: Json): void {
  w.strings(1, asArray(op["tags"]).filter((x): x is string => typeof x === "string"));
  w.string(3, asString(op["description"]));
  w.string(5, asString(op["operationId"]));
  for (const p of asArray(op["parameters"])) w.sub(8, (x) => writeParameter(x, asObject(p)));
  const responses = asObject(op["responses"]);
  w.sub(9, (rs) => {
    for (const [code, resp] of Object.entries(responses)) {
      rs.sub(1, (named) => {
        named.string(1, code);
        named.sub(2, (rv) =>
          rv.sub(1, (r) => {
            const body = asObject(resp);
            r.string(1, asString(body["description"]));
            if (body["schema"] !== undefined) r.sub(2, (si) => si.sub(1, (x) => writeSchema(x, asObject(body["schema"]))));
          }),
        );
      });
    }
  });
  writeExtensions(w, 13, op);
}

const PATH_ITEM_FIELDS: Readonly<Record<string, number>> = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };

/** The protobuf bytes of a Swagger 2.0 JSON document built by buildOpenApiV2. */
export function encodeOpenApiV2(doc: Json): Uint8Array<ArrayBuffer> {
  const w = new Writer();
  w.string(1, asString(doc["swagger"]));
  const info = asObject(doc["info"]);
  w.sub(2, (i) => {
    i.string(1, asString(info["title"]));
    i.string(2, asString(info["version"]));
  });
  w.sub(8, (paths) => {
    for (const [path, item] of Object.entries(asObject(doc["paths"]))) {
      paths.sub(2, (named) => {
        named.string(1, path);
        named.sub(2, (pi) => {
          const it = asObject(item);
          for (const [verb, field] of Object.entries(PATH_ITEM_FIELDS)) {
            if (it[verb] !== undefined) pi.sub(field, (o) => writeOperation(o, asObject(it[verb])));
          }
          for (const p of asArray(it["parameters"])) pi.sub(9, (x) => writeParameter(x, asObject(p)));
        });
      });
    }
  });
  w.sub(9, (defs) => {
    for (const [name, schema] of Object.entries(asObject(doc["definitions"]))) {
      defs.sub(1, (named) => {
        named.string(1, name);
        named.sub(2, (x) => writeSchema(x, asObject(schema)));
      });
    }
  });
  return Uint8Array.from(w.bytes);
}
