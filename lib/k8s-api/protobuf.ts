/**
 * Decoding of the Kubernetes protobuf wire format (`application/vnd.kubernetes.protobuf`) for
 * the few built-in kinds kubectl sends as protobuf to Palisade: Namespace (`kubectl create
 * namespace`), Secret and ConfigMap (`kubectl create secret generic`, `kubectl create configmap`)
 * and the self reviews (`kubectl auth can-i`, `kubectl auth whoami`). The envelope
 * is the 4-byte magic `k8s\0` followed by a runtime.Unknown message (typeMeta = 1, raw = 2);
 * `raw` is the object's message, decoded here with the field numbers of k8s.io/api's
 * generated.proto for the fields we use (others are skipped). Responses are always JSON (kubectl
 * accepts JSON). Pure; throws ProtobufError for bytes it cannot decode.
 */

export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProtobufError";
  }
}

type FieldType = "string" | "int" | "bool" | "message" | "stringMap" | "bytesMap";

interface Field {
  readonly name: string;
  readonly type: FieldType;
  readonly repeated?: boolean;
  readonly schema?: Schema;
}

type Schema = Readonly<Record<number, Field>>;

const OBJECT_META: Schema = {
  1: { name: "name", type: "string" },
  2: { name: "generateName", type: "string" },
  3: { name: "namespace", type: "string" },
  6: { name: "resourceVersion", type: "string" },
  11: { name: "labels", type: "stringMap" },
  12: { name: "annotations", type: "stringMap" },
  14: { name: "finalizers", type: "string", repeated: true },
};

const RESOURCE_ATTRIBUTES: Schema = {
  1: { name: "namespace", type: "string" },
  2: { name: "verb", type: "string" },
  3: { name: "group", type: "string" },
  4: { name: "version", type: "string" },
  5: { name: "resource", type: "string" },
  6: { name: "subresource", type: "string" },
  7: { name: "name", type: "string" },
};

const NON_RESOURCE_ATTRIBUTES: Schema = { 1: { name: "path", type: "string" }, 2: { name: "verb", type: "string" } };

/** Message schemas by `apiVersion/kind`. */
const KINDS: Readonly<Record<string, Schema>> = {
  "v1/Namespace": {
    1: { name: "metadata", type: "message", schema: OBJECT_META },
    2: { name: "spec", type: "message", schema: { 1: { name: "finalizers", type: "string", repeated: true } } },
  },
  // k8s.io/api core/v1 generated.proto: `map<string, bytes>` values become base64, as in JSON.
  "v1/Secret": {
    1: { name: "metadata", type: "message", schema: OBJECT_META },
    2: { name: "data", type: "bytesMap" },
    3: { name: "type", type: "string" },
    4: { name: "stringData", type: "stringMap" },
    5: { name: "immutable", type: "bool" },
  },
  "v1/ConfigMap": {
    1: { name: "metadata", type: "message", schema: OBJECT_META },
    2: { name: "data", type: "stringMap" },
    3: { name: "binaryData", type: "bytesMap" },
    4: { name: "immutable", type: "bool" },
  },
  "authorization.k8s.io/v1/SelfSubjectAccessReview": {
    1: { name: "metadata", type: "message", schema: OBJECT_META },
    2: {
      name: "spec",
      type: "message",
      schema: {
        1: { name: "resourceAttributes", type: "message", schema: RESOURCE_ATTRIBUTES },
        2: { name: "nonResourceAttributes", type: "message", schema: NON_RESOURCE_ATTRIBUTES },
      },
    },
  },
  "authorization.k8s.io/v1/SelfSubjectRulesReview": {
    1: { name: "metadata", type: "message", schema: OBJECT_META },
    2: { name: "spec", type: "message", schema: { 1: { name: "namespace", type: "string" } } },
  },
  "authentication.k8s.io/v1/SelfSubjectReview": { 1: { name: "metadata", type: "message", schema: OBJECT_META } },
};

const UNKNOWN: Schema = {
  1: { name: "typeMeta", type: "message", schema: { 1: { name: "apiVersion", type: "string" }, 2: { name: "kind", type: "string" } } },
  2: { name: "raw", type: "message" },
};

/** The kinds this decoder understands, `apiVersion/kind`. */
export const PROTOBUF_KINDS: readonly string[] = Object.keys(KINDS);

class Reader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly end: number = bytes.length,
  ) {}

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new ProtobufError("truncated varint");
      const b = this.bytes[this.pos++] ?? 0;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new ProtobufError("varint too long");
    }
  }

  slice(): { start: number; end: number } {
    const length = this.varint();
    const start = this.pos;
    if (start + length > this.end) throw new ProtobufError("truncated field");
    this.pos = start + length;
    return { start, end: start + length };
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.slice();
    else if (wireType === 5) this.pos += 4;
    else throw new ProtobufError(`unsupported wire type ${wireType}`);
    if (this.pos > this.end) throw new ProtobufError("truncated field");
  }
}

const text = new TextDecoder("utf-8", { fatal: true });

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function decodeMessage(bytes: Uint8Array, start: number, end: number, schema: Schema): Record<string, unknown> {
  const r = new Reader(bytes, end);
  r.pos = start;
  const out: Record<string, unknown> = {};
  while (r.pos < end) {
    const tag = r.varint();
    const field = schema[Math.floor(tag / 8)];
    const wireType = tag % 8;
    if (field === undefined) {
      r.skip(wireType);
      continue;
    }
    let value: unknown;
    if (field.type === "int" || field.type === "bool") {
      if (wireType !== 0) throw new ProtobufError(`field ${field.name}: expected a varint`);
      const n = r.varint();
      value = field.type === "bool" ? n !== 0 : n;
    } else {
      if (wireType !== 2) throw new ProtobufError(`field ${field.name}: expected length-delimited bytes`);
      const s = r.slice();
      if (field.type === "string") {
        value = text.decode(bytes.subarray(s.start, s.end));
        // gogo-protobuf writes every string field, empty or not; JSON omits empty ones.
        if (value === "" && field.repeated !== true) continue;
      }
      else if (field.type === "stringMap" || field.type === "bytesMap") {
        const entry = decodeMessage(bytes, s.start, s.end, { 1: { name: "key", type: "string" }, 2: { name: "value", type: field.type === "bytesMap" ? "message" : "string" } });
        const map = (out[field.name] as Record<string, string> | undefined) ?? {};
        const v = entry["value"];
        map[String(entry["key"] ?? "")] = v instanceof Uint8Array ? toBase64(v) : String(v ?? "");
        out[field.name] = map;
        continue;
      } else if (field.schema === undefined) value = bytes.subarray(s.start, s.end);
      else value = decodeMessage(bytes, s.start, s.end, field.schema);
    }
    if (field.repeated === true) out[field.name] = [...((out[field.name] as unknown[] | undefined) ?? []), value];
    else out[field.name] = value;
  }
  return out;
}

/**
 * Decodes a protobuf request body into the JSON object it stands for (with apiVersion and
 * kind). Throws ProtobufError for a malformed body or a kind outside PROTOBUF_KINDS.
 */
export function decodeK8sProtobuf(bytes: Uint8Array): Record<string, unknown> {
  if (bytes.length < 4 || bytes[0] !== 0x6b || bytes[1] !== 0x38 || bytes[2] !== 0x73 || bytes[3] !== 0) {
    throw new ProtobufError("the body does not start with the Kubernetes protobuf magic number");
  }
  const unknown = decodeMessage(bytes, 4, bytes.length, UNKNOWN);
  const typeMeta = (unknown["typeMeta"] as { apiVersion?: string; kind?: string } | undefined) ?? {};
  const key = `${typeMeta.apiVersion ?? ""}/${typeMeta.kind ?? ""}`;
  const schema = KINDS[key];
  if (schema === undefined) throw new ProtobufError(`protobuf bodies of ${key} are not supported: send JSON`);
  const raw = unknown["raw"];
  const object = raw instanceof Uint8Array ? decodeMessage(raw, 0, raw.length, schema) : {};
  return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...object };
}
