/**
 * The decided-results index of a compiled set (evaluate.ts): flat, integer-keyed tables instead
 * of Maps and per-entry objects, so that a connection answered from the cache reads a handful of
 * cache lines. Two levels, both open-addressing tables of int32 pairs:
 *  - cells: (plan direction, masks key of the enforced filter) → decided entry id (its candidate vector);
 *  - results: (entry id, answers × 1024 + profile id, or 1023 for every profile) → result id.
 * A result is its enforced and pending verdicts (frozen, shared) and their two "allowed" bits,
 * kept apart so that evaluate decides `allowed` without reading the verdict objects.
 */
import type { DecidedEntry, RuleQuestion } from "@/lib/policy/compiled";
import type { Labelled, LabelledPredicate } from "@/lib/policy/labelled";
import type { DirectionVerdict } from "@/lib/policy/model";

/** Absent key. */
export const NONE = -1;

/**
 * A result id with its two "allowed" bits (DecidedIndex.allowed) as one non-negative int32:
 * result × 4 + bits, so a hit decides `allowed` without another table read.
 */
export function packedResult(result: number, allowedBits: number): number {
  return result * 4 + allowedBits;
}

/** The aux of a cell whose answer is one packed result whatever the peers: ≤ -2. */
export function directAux(packed: number): number {
  return -2 - packed;
}

/** The packed result of a direct aux, or NONE for a question span / NONE. */
export function directPacked(aux: number): number {
  return aux <= -2 ? -2 - aux : NONE;
}

/**
 * Open-addressing hash table from a pair of non-negative int32 to a non-negative int32 value and
 * an int32 `aux`: slots of four int32 (a, b, value, aux) in one typed array, linear probing,
 * grown at half full.
 */
export class PairTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(bits = 10) {
    this.slots = new Int32Array(4 << bits).fill(NONE);
    this.mask = (1 << bits) - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value of (a, b), or NONE. */
  get(a: number, b: number): number {
    const o = this.find(a, b);
    return o === NONE ? NONE : (this.slots[o + 2] as number); // a found slot: defined
  }

  /** The slot offset of (a, b) for valueAt / auxAt, or NONE. Valid until the next set. */
  find(a: number, b: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = hashPair(a, b) & mask;
    for (;;) {
      const o = i << 2;
      const ka = slots[o] as number; // o < length: defined
      if (ka === NONE) return NONE;
      if (ka === a && slots[o + 1] === b) return o;
      i = (i + 1) & mask;
    }
  }

  valueAt(o: number): number {
    return this.slots[o + 2] as number; // a slot from find: defined
  }

  auxAt(o: number): number {
    return this.slots[o + 3] as number; // a slot from find: defined
  }

  /** Replaces the aux of a found slot (valid until the next set). */
  setAuxAt(o: number, aux: number): void {
    this.slots[o + 3] = aux;
  }

  /** Sets (a, b) → value, aux (a, b, value non-negative int32). */
  set(a: number, b: number, value: number, aux = NONE): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    if (this.place(this.slots, this.mask, a, b, value, aux)) this.count++;
  }

  /** Writes the pair into `slots`; true when it was not there. */
  private place(slots: Int32Array, mask: number, a: number, b: number, value: number, aux: number): boolean {
    let i = hashPair(a, b) & mask;
    for (;;) {
      const o = i << 2;
      const ka = slots[o];
      if (ka === NONE || (ka === a && slots[o + 1] === b)) {
        slots[o] = a;
        slots[o + 1] = b;
        slots[o + 2] = value;
        slots[o + 3] = aux;
        return ka === NONE;
      }
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const mask = this.mask * 2 + 1;
    const slots = new Int32Array((mask + 1) * 4).fill(NONE);
    for (let o = 0; o < old.length; o += 4) {
      const a = old[o] as number; // o < length: defined
      if (a !== NONE) this.place(slots, mask, a, old[o + 1] as number, old[o + 2] as number, old[o + 3] as number);
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return h ^ (h >>> 15);
}

/** Questions of one entry at most (the span packs the count in 5 bits). */
const MAX_SPAN = 31;
/** Answer table bytes at most (question rows × classes); questions beyond get no row. */
const MAX_ANSWER_BYTES = 1 << 26;

/** Answer bytes: 0 unknown, then these. */
const ANSWER_NO = 1;
export const ANSWER_YES = 2;

/**
 * Both tables, the entries by id and the results by id, and the questions of the entries as
 * integers: each distinct selector test gets a row of answers by label class (filled on first
 * use), and an entry's questions are a span of (row × 2 + side) in `spans`.
 */
export class DecidedIndex {
  /**
   * (AppliedPlans.id × 2 + direction, masks key of the enforced filter) → entry id, with aux = the entry's question span
   * (start × 32 + count in `spanList`), or NONE when its questions have no flat form. Once an
   * entry with no questions has an any-profile result, evaluate.ts decidedAt rewrites the aux of
   * the cell it read to directAux(that result, packed): its answer whatever the peers.
   */
  readonly cells = new PairTable(12);
  /** (entry id, answers × 1024 + profile id, or 1023: any profile) → result id. */
  readonly results = new PairTable(12);
  /** Entry 0: the entry that caches nothing (some policy of the plan is checked in full). */
  readonly entries: DecidedEntry[] = [{ id: 0, enforced: new Int32Array(0), pending: undefined, questions: undefined, span: NONE }];
  /** Result r: enforced verdict at 2r, pending at 2r + 1. */
  readonly verdicts: DirectionVerdict[] = [];
  /** Result r: bit 0 enforced allows, bit 1 pending allows. */
  allowed = new Uint8Array(1024);
  /** Ids handed to AppliedPlans. */
  plans = 0;
  /** Question spans: row × 2 + side per question. */
  spanList = new Int32Array(1024);
  private spanLength = 0;
  /** Answers by row × classCount + class id (ANSWER_*; 0 unknown). */
  answers = new Uint8Array(0);
  private readonly rows = new Map<LabelledPredicate, number>();
  private readonly rowPreds: LabelledPredicate[] = [];

  /** @param classCount the set's label classes (fixed once the set is built). */
  constructor(readonly classCount: number) {}

  /**
   * The flat question span (start × 32 + count) of an entry's questions, or NONE when they have
   * none (too many, no room for an answer row, no classes).
   */
  spanOf(questions: readonly RuleQuestion[]): number {
    if (questions.length > MAX_SPAN || this.classCount === 0) return NONE;
    const start = this.spanLength;
    if (start + questions.length > this.spanList.length) {
      const grown = new Int32Array((start + questions.length) * 2);
      grown.set(this.spanList);
      this.spanList = grown;
    }
    for (let k = 0; k < questions.length; k++) {
      const q = questions[k] as RuleQuestion; // k < length: defined
      const row = this.rowOf(q.pred);
      if (row === NONE) return NONE;
      this.spanList[start + k] = row * 2 + q.side;
    }
    // The span must fit an int32 table slot (start below 2^26).
    if (start * 32 + questions.length > 0x7fffffff) return NONE;
    this.spanLength = start + questions.length;
    return start * 32 + questions.length;
  }

  private rowOf(pred: LabelledPredicate): number {
    const known = this.rows.get(pred);
    if (known !== undefined) return known;
    const row = this.rowPreds.length;
    const need = (row + 1) * this.classCount;
    if (need > MAX_ANSWER_BYTES) return NONE;
    if (need > this.answers.length) {
      const grown = new Uint8Array(Math.min(MAX_ANSWER_BYTES, Math.max(need, this.answers.length * 2)));
      grown.set(this.answers);
      this.answers = grown;
    }
    this.rows.set(pred, row);
    this.rowPreds.push(pred);
    return row;
  }

  /** The answer of a question row for an endpoint of the set's classes (`classId` < classCount). */
  answer(row: number, classId: number, x: Labelled): boolean {
    const at = row * this.classCount + classId;
    const known = this.answers[at];
    if (known !== 0) return known === ANSWER_YES;
    const yes = (this.rowPreds[row] as LabelledPredicate)(x); // rows come from rowOf: defined
    this.answers[at] = yes ? ANSWER_YES : ANSWER_NO;
    return yes;
  }

  get resultCount(): number {
    return this.verdicts.length >> 1;
  }

  /**
   * Per entry id: bit 0 when some result of the entry holds for any profile, bit 1 when some
   * holds for one profile id (so a lookup probes only the kinds the entry has).
   */
  resultKinds = new Uint8Array(1024);

  /** Registers an entry; its id is its index. */
  addEntry(make: (id: number) => DecidedEntry): DecidedEntry {
    const entry = make(this.entries.length);
    this.entries.push(entry);
    if (entry.id >= this.resultKinds.length) {
      const grown = new Uint8Array(this.resultKinds.length * 2);
      grown.set(this.resultKinds);
      this.resultKinds = grown;
    }
    return entry;
  }

  /** Keeps result `id` for (entry, key); `anyProfile`: the key is the any-profile one. */
  keepResult(entryId: number, key: number, id: number, anyProfile: boolean): void {
    this.results.set(entryId, key, id);
    this.resultKinds[entryId] = (this.resultKinds[entryId] as number) | (anyProfile ? 1 : 2); // entry ids index it: defined
  }

  /** Stores a result (verdicts frozen by the caller) and returns its id. */
  addResult(enforced: DirectionVerdict, pending: DirectionVerdict): number {
    const id = this.verdicts.length >> 1;
    this.verdicts.push(enforced, pending);
    if (id >= this.allowed.length) {
      const grown = new Uint8Array(this.allowed.length * 2);
      grown.set(this.allowed);
      this.allowed = grown;
    }
    this.allowed[id] = (enforced.action === "Allow" ? 1 : 0) | (pending.action === "Allow" ? 2 : 0);
    return id;
  }
}
