/**
 * Per-database in-memory state (caches, queues) kept on `globalThis`: Next.js
 * may load a module once per route bundle, and every copy must see the same
 * cache, or one bundle would keep serving a site another bundle changed.
 *
 * @example
 * const cache = perDatabase("sites", quire, () => new Map());
 */
type Registry = Map<string, WeakMap<object, unknown>>;

function registry(): Registry {
  const g = globalThis as unknown as { __quireAnalyticsState?: Registry };
  return (g.__quireAnalyticsState ??= new Map<string, WeakMap<object, unknown>>());
}

export function perDatabase<T>(name: string, owner: object, create: () => T): T {
  const all = registry();
  let map = all.get(name);
  if (!map) all.set(name, (map = new WeakMap<object, unknown>()));
  let value = map.get(owner) as T | undefined;
  if (value === undefined) {
    value = create();
    map.set(owner, value);
  }
  return value;
}

/** Drop the state `perDatabase(name, owner, …)` made, so the next call creates it afresh. */
export function forgetPerDatabase(name: string, owner: object): void {
  registry().get(name)?.delete(owner);
}
