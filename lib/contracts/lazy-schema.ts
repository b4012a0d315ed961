/**
 * A contract schema built on first use instead of when its module is evaluated. Building zod
 * schemas is work (each `z.object`, `.extend`, `.optional` makes objects and closures): the
 * contract modules a page imports built all of theirs while the browser evaluated the page's
 * scripts, one long task with react-dom's. `lazySchema(() => z.object(…))` stands for the schema
 * it builds — every property, method, `instanceof` and `in` answers as the built schema's — and
 * builds it the first time any of them is asked for (a parse, `.shape`, `.extend`, a schema that
 * uses it being parsed), once.
 *
 * Identity is the one difference: the stand-in is not `===` the built schema, so a lazy schema
 * must not be a key of zod's registries (`.meta()`, `.describe()`, `z.toJSONSchema` references);
 * the contracts use none.
 */
export function lazySchema<S extends object>(build: () => S): S {
  let built: S | undefined;
  const schema = (): S => (built ??= build());
  return new Proxy({} as S, {
    get: (_target, key) => Reflect.get(schema(), key),
    set: (_target, key, value) => Reflect.set(schema(), key, value),
    has: (_target, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    // The stand-in's own (empty, extensible) target holds nothing, so a descriptor is reported as configurable.
    getOwnPropertyDescriptor: (_target, key) => {
      const d = Reflect.getOwnPropertyDescriptor(schema(), key);
      return d === undefined ? undefined : { ...d, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
