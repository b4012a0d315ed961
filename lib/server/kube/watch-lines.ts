import "server-only";
/** Splits a watch response body (newline-delimited JSON) into `{ type, object }` events. */

export interface RawWatchEvent {
  readonly type: string;
  readonly object: unknown;
}

/** Yields each complete line's event; a partial last line is dropped when the stream ends. */
export async function* readWatchLines(stream: AsyncIterable<unknown>): AsyncGenerator<RawWatchEvent> {
  let buffer = "";
  for await (const chunk of stream) {
    buffer += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"); // http streams yield Buffers
    let nl = buffer.indexOf("\n");
    while (nl >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line !== "") {
        const parsed = JSON.parse(line) as { type?: unknown; object?: unknown }; // each line is one JSON event
        yield { type: String(parsed.type), object: parsed.object };
      }
      nl = buffer.indexOf("\n");
    }
  }
}
