/**
 * The OpenAPI v2 document of /k8s/openapi/v2, in the protobuf encoding kubectl asks for
 * (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, gnostic's openapi_v2.Document).
 *
 * kubectl's default client-side validation downloads this document and fails the whole apply
 * ("failed to download openapi") when it is missing; a document without definitions makes it
 * skip schema validation for every kind ("resource is not present, let's just skip validation"),
 * which is right here: the server validates every write itself (422 Invalid with causes).
 *
 * Encoded by hand (three fields) instead of pulling in a protobuf library:
 *   Document { string swagger = 1; Info info = 2; Paths paths = 8; }
 *   Info     { string title = 1; string version = 2; }
 */

function encodeString(field: number, value: string): number[] {
  const bytes = [...new TextEncoder().encode(value)];
  return [(field << 3) | 2, ...varint(bytes.length), ...bytes];
}

function encodeMessage(field: number, body: readonly number[]): number[] {
  return [(field << 3) | 2, ...varint(body.length), ...body];
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/** The protobuf bytes of a minimal Swagger 2.0 document (no paths, no definitions). */
export function buildOpenApiV2Document(title = "Palisade", version = "v1"): Uint8Array<ArrayBuffer> {
  const info = [...encodeString(1, title), ...encodeString(2, version)];
  return Uint8Array.from([...encodeString(1, "2.0"), ...encodeMessage(2, info), ...encodeMessage(8, [])]);
}
