import { expect, test } from "vitest";

import { createRateLimiter } from "./rate-limit";

test("allows `limit` failures, then asks to wait until the oldest one leaves the window", () => {
  const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
  const t0 = 1_000_000;
  limiter.fail("a", t0);
  limiter.fail("a", t0 + 10_000);
  expect(limiter.retryAfter("a", t0 + 10_000)).toBe(0);
  limiter.fail("a", t0 + 20_000);
  expect(limiter.retryAfter("a", t0 + 20_000)).toBe(40);
  expect(limiter.retryAfter("a", t0 + 59_500)).toBe(1);
  expect(limiter.retryAfter("a", t0 + 60_000)).toBe(0);
  expect(limiter.retryAfter("b", t0 + 20_000)).toBe(0);
});

test("reset forgets a key's failures", () => {
  const limiter = createRateLimiter({ limit: 1, windowMs: 60_000 });
  limiter.fail("a", 0);
  expect(limiter.retryAfter("a", 1)).toBeGreaterThan(0);
  limiter.reset("a");
  expect(limiter.retryAfter("a", 1)).toBe(0);
});
