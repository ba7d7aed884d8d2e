import type { AggregateFunction } from "./registry";

type Bag = { values: number[]; p: number | null };

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  // Number("") is 0: blank text must be skipped like any other non-number.
  if (typeof value === "string" && value.trim() === "") return null;
  const n = typeof value === "bigint" ? Number(value) : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Linear interpolation between closest ranks, as SQLite's percentile extension does. */
export function percentileOf(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

function removeOne(values: number[], value: number | null) {
  if (value === null) return;
  const i = values.indexOf(value);
  if (i >= 0) values.splice(i, 1);
}

/** `median(x)`: the 50th percentile; NULLs and non-numbers are skipped. Window-capable. */
export const median: AggregateFunction = {
  kind: "aggregate",
  name: "median",
  options: {
    start: () => ({ values: [], p: 50 }) as Bag,
    step: (bag: Bag, value: unknown) => {
      const n = toNumber(value);
      if (n !== null) bag.values.push(n);
      return bag;
    },
    inverse: (bag: Bag, value: unknown) => {
      removeOne(bag.values, toNumber(value));
      return bag;
    },
    result: (bag: Bag) => percentileOf(bag.values, 50),
  },
};

/**
 * `percentile(x, p)` with p from 0 to 100 (SQLite's convention), e.g.
 * `percentile(duration, 95)`. p must be the same on every row. Window-capable.
 */
export const percentile: AggregateFunction = {
  kind: "aggregate",
  name: "percentile",
  options: {
    start: () => ({ values: [], p: null }) as Bag,
    step: (bag: Bag, value: unknown, p: unknown) => {
      const pn = toNumber(p);
      if (pn === null || pn < 0 || pn > 100) {
        throw new Error("percentile(x, p): p must be a number from 0 to 100");
      }
      if (bag.p !== null && bag.p !== pn) {
        throw new Error("percentile(x, p): p must be the same for every row");
      }
      bag.p = pn;
      const n = toNumber(value);
      if (n !== null) bag.values.push(n);
      return bag;
    },
    inverse: (bag: Bag, value: unknown) => {
      removeOne(bag.values, toNumber(value));
      return bag;
    },
    result: (bag: Bag) => (bag.p === null ? null : percentileOf(bag.values, bag.p)),
  },
};
