/**
 * Failed-login limiter: at most `limit` failures per key within `windowMs`.
 * In memory, per process: enough to make guessing slow on one small machine.
 */
export function createRateLimiter({ limit = 10, windowMs = 15 * 60_000 } = {}) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((t) => now - t < windowMs);
  return {
    /** Seconds to wait before trying again, or 0 when allowed. */
    retryAfter(key: string, now = Date.now()): number {
      const list = recent(key, now);
      if (list.length < limit) return 0;
      return Math.max(1, Math.ceil((list[0]! + windowMs - now) / 1000));
    },
    fail(key: string, now = Date.now()) {
      const list = recent(key, now);
      list.push(now);
      failures.set(key, list);
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
    },
    reset(key: string) {
      failures.delete(key);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
