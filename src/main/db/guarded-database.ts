/**
 * Every SQLite call of the store through one door, so a failure of the disk or of the file itself is turned
 * into a typed StoreError wherever it happens (a repository, a transaction's COMMIT, a row read while iterating)
 * and the store learns of a damaged file the first time SQLite reports one. The wrapper is transparent: the
 * same Database and Statement API, other errors passed through unchanged.
 */
import type Database from 'better-sqlite3';

/** Returns what to throw instead of `e` (or `e` itself). */
export type ErrorMapper = (e: unknown) => unknown;

const TRANSACTION_VARIANTS = ['deferred', 'immediate', 'exclusive'] as const;

export function guardDatabase(db: Database.Database, mapError: ErrorMapper): Database.Database {
  const call = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw mapError(e);
    }
  };
  const guardStatement = (statement: Database.Statement): Database.Statement => {
    // One wrapper per method and statement: statements are prepared once and run often (metric rows, chunks).
    const wrappers = new Map<PropertyKey, (...args: unknown[]) => unknown>();
    const proxy: Database.Statement = new Proxy(statement, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== 'function') return value;
        let wrapper = wrappers.get(prop);
        if (!wrapper) {
          const method = value as (...a: unknown[]) => unknown;
          wrapper = (...args: unknown[]) => {
            let result: unknown;
            try {
              result = method.apply(target, args);
            } catch (e) {
              throw mapError(e);
            }
            if (result === target) return proxy; // pluck(), raw(), bind() … return the statement for chaining
            if (prop === 'iterate') return guardIterator(result as IterableIterator<unknown>, call);
            return result;
          };
          wrappers.set(prop, wrapper);
        }
        return wrapper;
      },
    });
    return proxy;
  };
  const guardTransaction = <F extends Database.Transaction<(...a: never[]) => unknown>>(tx: F): F => {
    const wrapped = ((...args: never[]) => call(() => tx(...args))) as unknown as F;
    for (const variant of TRANSACTION_VARIANTS) {
      (wrapped as Record<string, unknown>)[variant] = (...args: never[]) => call(() => tx[variant](...args));
    }
    return wrapped;
  };
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'prepare') return (source: string) => guardStatement(call(() => target.prepare(source)));
      if (prop === 'transaction') return (fn: (...a: never[]) => unknown) => guardTransaction(target.transaction(fn));
      return (...args: unknown[]) => call(() => (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

function guardIterator<T>(iterator: IterableIterator<T>, call: <R>(fn: () => R) => R): IterableIterator<T> {
  const guarded: IterableIterator<T> = {
    next: () => call(() => iterator.next()),
    return: (value?: unknown) => call(() => iterator.return?.(value) ?? { done: true, value: undefined as T }),
    [Symbol.iterator]: () => guarded,
  };
  return guarded;
}
