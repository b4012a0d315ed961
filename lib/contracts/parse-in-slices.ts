/**
 * Checks an API answer against its zod contract without one long main-thread task. A large
 * answer (the service graph: 10,000 nodes and 50,000 edges) took ~50–110 ms to parse in one
 * `safeParse` on this project's 2-core machine, on top of the JSON parse, so the browser could
 * not answer input meanwhile. Here the long arrays of an object contract are parsed element by
 * element in time slices, yielding to the event loop between slices; the rest of the object is
 * parsed as usual. The outcome is the one `schema.safeParse` gives: on success the same data
 * (each element parsed by the array's own element schema, readonly arrays frozen as zod freezes
 * them); on failure a failure, whose issues are the other fields' if any fail, else the first
 * failing element's with their full path (one whole `safeParse` would list them all, in field
 * order; the console reports the first).
 *
 * Only what cannot change the outcome is sliced: a top-level `z.object` without checks of its
 * own, whose field is a `z.array` (optionally `.readonly()`) without length checks. Anything else
 * is parsed in one `safeParse`.
 */
import * as z from "zod";
import { nextTask } from "@/lib/next-task";

/** Arrays shorter than this are parsed with their object (slicing them gains nothing). */
export const SLICE_MIN_ITEMS = 1000;
/** A slice ends once it has run this long (ms); then the event loop runs. */
export const SLICE_BUDGET_MS = 8;

interface SliceableArray {
  readonly element: z.ZodType;
  readonly readonly: boolean;
}

/** The element schema of a field that may be sliced (a plain array, possibly readonly), else undefined. */
function sliceable(field: z.ZodType): SliceableArray | undefined {
  let inner: z.ZodType = field;
  let frozen = false;
  if (inner instanceof z.ZodReadonly) {
    inner = inner.unwrap() as z.ZodType;
    frozen = true;
  }
  if (!(inner instanceof z.ZodArray)) return undefined;
  // min/max/length live in the array's checks: such an array is parsed whole.
  if ((inner._zod.def.checks ?? []).length > 0) return undefined;
  return { element: inner.element as z.ZodType, readonly: frozen };
}

/**
 * `schema.safeParse(json)`, with the long arrays of an object contract parsed in time slices
 * (see the module comment). `yieldFn` is the pause between slices (tests count it).
 */
export async function safeParseInSlices<S extends z.ZodType>(
  schema: S,
  json: unknown,
  yieldFn: () => Promise<void> = nextTask,
  budgetMs: number = SLICE_BUDGET_MS,
): Promise<z.ZodSafeParseResult<z.output<S>>> {
  if (!(schema instanceof z.ZodObject) || (schema._zod.def.checks ?? []).length > 0 || typeof json !== "object" || json === null || Array.isArray(json)) {
    return schema.safeParse(json);
  }
  const input = json as Record<string, unknown>;
  const shape = schema.shape as Record<string, z.ZodType>;
  const long: [string, SliceableArray, unknown[]][] = [];
  for (const [key, field] of Object.entries(shape)) {
    const value = input[key];
    if (!Array.isArray(value) || value.length < SLICE_MIN_ITEMS) continue;
    const array = sliceable(field);
    if (array !== undefined) long.push([key, array, value]);
  }
  if (long.length === 0) return schema.safeParse(json);

  // The rest of the object, with each long array standing in as empty (checked below, in order).
  const rest = schema.safeParse({ ...input, ...Object.fromEntries(long.map(([key]) => [key, []])) });
  if (!rest.success) return rest;
  const data = rest.data as Record<string, unknown>;
  let sliceStart = performance.now();
  for (const [key, array, items] of long) {
    const parsed: unknown[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const r = array.element.safeParse(items[i]);
      if (!r.success) {
        const issues = r.error.issues.map((issue) => ({ ...issue, path: [key, i, ...issue.path] }));
        return { success: false, error: new z.ZodError(issues) } as z.ZodSafeParseResult<z.output<S>>;
      }
      parsed[i] = r.data;
      if (performance.now() - sliceStart >= budgetMs && i + 1 < items.length) {
        await yieldFn();
        sliceStart = performance.now();
      }
    }
    data[key] = array.readonly ? Object.freeze(parsed) : parsed;
  }
  return { success: true, data: data as z.output<S> };
}
