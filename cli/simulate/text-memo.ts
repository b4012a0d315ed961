/**
 * A bounded memo keyed by a probe's element text (the JSON of one probe as written in the file).
 * Probe files often repeat the same probe (generated from flows, or cycling through pairs and
 * ports); the outcome of an element depends only on its text (the cluster and policies are
 * fixed for the run), so `simulate` checks and judges each distinct text once. The memo stops
 * growing at `maxChars` characters of keys and values, so memory stays bounded whatever the file;
 * and when, after its first `TRIAL` look-ups, fewer than one in `MIN_HIT_RATIO` was found, the
 * probes do not repeat enough to pay for it: it empties itself and answers nothing from then on.
 */
const TRIAL = 1 << 16;
const MIN_HIT_RATIO = 8;

export class TextMemo {
  private map = new Map<string, string>();
  private chars = 0;
  private lookups = 0;
  private hits = 0;
  private off = false;

  constructor(private readonly maxChars: number) {}

  get(key: string): string | undefined {
    if (this.off) return undefined;
    const value = this.map.get(key);
    this.count(value !== undefined);
    return value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Remembers `value` for `key` unless the memo is full or off. */
  set(key: string, value: string): void {
    if (this.off) return;
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

  private count(hit: boolean): void {
    if (this.lookups > TRIAL) return;
    this.lookups++;
    if (hit) this.hits++;
    if (this.lookups === TRIAL && this.hits * MIN_HIT_RATIO < TRIAL) {
      this.off = true;
      this.map = new Map();
      this.chars = 0;
    }
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
