/**
 * A bounded memo keyed by a probe's element text (the JSON of one probe as written in the file).
 * Probe files often repeat the same probe (generated from flows, or cycling through pairs and
 * ports); the outcome of an element depends only on its text (the cluster and policies are
 * fixed for the run), so `simulate` checks and judges each distinct text once. The memo stops
 * growing at `maxChars` characters of keys and values, so memory stays bounded whatever the file.
 */
export class TextMemo {
  private readonly map = new Map<string, string>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(key: string): string | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** Remembers `value` for `key` unless the memo is full. */
  set(key: string, value: string): void {
    const cost = key.length + value.length;
    if (this.chars + cost > this.maxChars) return;
    const own = ownCopy(key);
    // The value flat, too: output built by concatenation is a tree of pieces that every write
    // would otherwise walk again to encode it.
    const flat = ownCopy(value);
    if (own === undefined || flat === undefined) return;
    this.map.set(own, flat);
    this.chars += cost;
  }
}

/**
 * A flat copy of a string, sharing nothing: a key cut out of a file piece would otherwise keep
 * the whole piece alive for as long as the memo holds it. Undefined when the copy would not be
 * equal (lone surrogates; not expected for text decoded from UTF-8 or built from it: then the
 * entry is simply not remembered).
 */
function ownCopy(key: string): string | undefined {
  const copy = Buffer.from(key, "utf8").toString("utf8");
  return copy === key ? copy : undefined;
}
